"""An answer that is not what the question asked for is refused with one clear message."""

from __future__ import annotations

from wizard.core.flow.state import InvalidAnswer
from wizard.core.tokens.input_problems import token_problem

# How a person in a conversation gives a token kept in a file: pastes its content.
_PASTE_HINT = "pasting the file's content"


def check_answer(name: str, fact_type: str, value: str) -> None:
    """Raise InvalidAnswer when `value` cannot be an answer for fact `name` of `fact_type`."""
    if fact_type != "token":
        return
    problem = token_problem(value, file_hint=_PASTE_HINT)
    if problem is not None:
        raise InvalidAnswer(f"'{name}': {problem}")
