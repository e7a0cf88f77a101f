"""Completing file paths as the user types them (a suggester for `Input`)."""

from __future__ import annotations

import os
from pathlib import Path

from textual.suggester import Suggester


class PathSuggester(Suggester):
    """Suggests the first file or folder that completes what was typed so far."""

    def __init__(self) -> None:
        # Paths are case-sensitive on most systems, and the folder may change under us.
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, partial = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(partial) and name != partial and not name.startswith("."):
                completed = os.path.join(folder, name)
                if Path(completed).is_dir():
                    completed += os.sep
                # Keep what the user typed (a leading ~) and add only the completion.
                return value + completed[len(expanded) :]
        return None
