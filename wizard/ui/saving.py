"""Writing the session down so it can be pasted into a ticket.

The plain-text conversation comes from `wizard.core.session.plaintext`, the same lines
`wizard run` prints, so the two faces tell a session the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wizard.core.flow.engine import Engine
from wizard.core.session.plaintext import event_lines


def save_conversation(engine: Engine, folder: Path) -> Path:
    """Write the conversation so far to a new text file in `folder` and return its path."""
    stamp = datetime.fromtimestamp(engine.env.now(), UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"wizard-session-{stamp}.txt"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"wizard-session-{stamp}-{counter}.txt"
    lines = [line for event in engine.events for line in event_lines(event)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)  # a transcript names the user's systems; keep it to its owner
    return path
