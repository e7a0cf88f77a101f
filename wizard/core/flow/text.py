"""Filling `{fact}` references in flow text. Nothing is ever evaluated: names only."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from wizard.core.flow.model import FACT_REFERENCE
from wizard.core.vocab.display import inline_markdown

UNKNOWN = "(not known yet)"


def fill(
    text: str, facts: Mapping[str, str], shown: Callable[[str, str], str] | None = None
) -> str:
    """Replace each `{name}` with the fact's value (as `shown` renders it), or a marker.

    With `shown` the text is for display (flow text is Markdown): a value a user, a token or a
    server supplied is set in as literal text on one line, so it cannot open a heading, a
    link or HTML in the conversation or the transcript. Without it (a fact set from a
    template) values go in unchanged.
    """

    def replace(match: object) -> str:
        name = match.group(1)  # type: ignore[attr-defined]
        value = facts.get(name)
        if value in (None, ""):
            return UNKNOWN
        if shown is None:
            return value
        rendered = shown(name, value)
        # A mask is the wizard's own text; anything else came from outside.
        return inline_markdown(value) if rendered == value else rendered

    return FACT_REFERENCE.sub(replace, text)


def resolve_input(template: str, facts: Mapping[str, str]) -> str | None:
    """A check input from its template: None when any fact it names is missing."""
    names = FACT_REFERENCE.findall(template)
    if any(facts.get(name) in (None, "") for name in names):
        return None
    return FACT_REFERENCE.sub(lambda m: facts[m.group(1)], template)
