"""A resumed session given another token than the one it was saved with: say so, and ask."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from textual.app import App

from wizard.ui.screens.confirm import ConfirmScreen

if TYPE_CHECKING:
    from textual.widget import Widget

    from wizard.core.flow.engine import Engine
    from wizard.core.session.transcript import Transcript


def changed_given_tokens(
    saved: Transcript | None, facts: Mapping[str, object]
) -> dict[str, tuple[str, str]]:
    """The tokens among `facts` that differ from the ones `saved` was saved with."""
    if saved is None:
        return {}
    from wizard.core.session.resume import changed_tokens

    return changed_tokens(saved, {name: str(value) for name, value in facts.items() if value})


def ask_about_changed_tokens(
    app: App[object],
    changed: Mapping[str, tuple[str, str]],
    go_on: Callable[[], object],
    stop: Callable[[], object],
) -> None:
    """Warn that `changed` tokens (name -> saved, given fingerprint) differ from the saved
    session's, and run `go_on` or `stop` as the user answers (escape stops)."""
    lines = [
        f"'{name}': saved with {saved}, given {given}" for name, (saved, given) in changed.items()
    ]
    plural = "tokens differ" if len(changed) > 1 else "token differs"
    text = (
        f"The {plural} from the one the session was saved with:\n"
        + "\n".join(lines)
        + "\nThe results above were found with the saved token; going on mixes two tokens "
        "in one diagnosis. Go on with the new token, or stop and paste the saved one?"
    )

    def decided(yes: bool | None) -> None:
        (go_on if yes else stop)()

    app.push_screen(
        ConfirmScreen("Not the session's token", text, "Go on with the new token", "Stop"),
        decided,
    )


def asked_about_new_token(
    app: App[object],
    engine: Engine,
    saved: Transcript | None,
    answer_area: Widget,
    value: str,
    take: Callable[[], object],
) -> bool:
    """When `value` answers a token question of a resumed session (`saved`) with another
    token than the saved one, ask first (`take` takes it); False when there is nothing to ask."""
    from wizard.core.flow.engine import AskFact
    from wizard.ui.widgets.answers import AnswerBox

    prompt = engine.pending
    if not isinstance(prompt, AskFact):
        return False
    changed = changed_given_tokens(saved, {prompt.name: value})
    if not changed:
        return False

    def stop() -> None:
        for box in answer_area.query(AnswerBox):
            box.show_error("Not taken: paste the token the session was saved with.")

    ask_about_changed_tokens(app, changed, take, stop)
    return True
