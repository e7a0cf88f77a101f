"""Events: what happened in a session, in order. The session log and transcripts are built on them.

Event data never holds a raw token or a secret: the engine describes such facts by
fingerprint before it emits anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

EventKind = Literal[
    "flow_entered",  # the session entered a flow (at its start, or by a cross-flow goto)
    "said",  # the assistant said something
    "asked",  # the assistant asked for a fact or a choice
    "answered",  # the user gave a fact or picked a choice
    "checks_started",
    "check_result",
    "checks_cancelled",
    "resolved",  # the flow reached a resolution
    "went_back",
    "restarted",
    "resumed",  # a saved session was taken up again {withheld: credentials to give again}
    "error",  # the flow itself is broken at run time (a loop with no question, say)
]


@dataclass(frozen=True)
class Event:
    """One thing that happened, with when, where (flow and node) and what."""

    kind: EventKind
    flow: str
    node: str
    data: dict[str, Any] = field(default_factory=dict)
    at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "flow": self.flow,
            "node": self.node,
            "at": self.at,
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Event:
        return cls(
            kind=raw["kind"],
            flow=str(raw["flow"]),
            node=str(raw["node"]),
            data=dict(raw.get("data") or {}),
            at=float(raw.get("at") or 0.0),
        )
