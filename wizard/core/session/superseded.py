"""Which events of a session were taken back (Back, Restart): the steps no longer on its path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def superseded_indices(events: Sequence[Mapping[str, Any]]) -> set[int]:
    """The positions of the events that a later Back or Restart took back.

    Back undoes the latest answer still standing, so the answer and all that followed it
    are superseded; Restart supersedes everything before it; a resume keeps what came before
    (the engine cannot go back past it either).
    """
    superseded: set[int] = set()
    answers: list[int] = []  # where each standing answer sits
    start = 0  # the first event of the current path
    for index, event in enumerate(events):
        kind = event.get("kind")
        if kind == "answered":
            answers.append(index)
        elif kind == "went_back":
            first = answers.pop() if answers else start
            superseded.update(i for i in range(first, index + 1) if i not in superseded)
        elif kind == "restarted":
            superseded.update(range(start, index + 1))
            answers.clear()
            start = index + 1
        elif kind == "resumed":
            answers.clear()
    return superseded
