"""The evidence ledger: every check result of a session, with the token and inputs it ran on.

The engine's `results` hold the latest result of each key, for routing; the ledger keeps
every one, in the order they came, even those a `back()` undid, each with the fingerprint of
the token it read (never the token) and its inputs as a transcript may show them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.flow.facts import describe_fact, fact_type_of, token_fingerprint
from wizard.core.vocab.result import CheckResult

# Where an entry came from: a node of the flow ran it, or the sweep before a resolution did.
FROM_FLOW = "flow"
FROM_SWEEP = "sweep"


@dataclass(frozen=True)
class LedgerEntry:
    """One check result, where it was run and on what.

    `token_fact` names the fact the token input came from ("" when the check read no token)
    and `fingerprint` that token; `inputs` are as shown (credentials by fingerprint).
    """

    key: str
    result: CheckResult
    origin: str = FROM_FLOW
    flow: str = ""
    node: str = ""
    token_fact: str = ""
    fingerprint: str = ""
    inputs: Mapping[str, str] = field(default_factory=dict)

    @property
    def check_id(self) -> str:
        return self.result.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "id": self.check_id,
            "origin": self.origin,
            "flow": self.flow,
            "node": self.node,
            "token_fact": self.token_fact,
            "fingerprint": self.fingerprint,
            "inputs": dict(self.inputs),
            "status": str(self.result.status),
        }


def shown_inputs(inputs: Mapping[str, str], fact_type: Callable[[str], str]) -> dict[str, str]:
    """The inputs of a run as they may be shown: tokens and secrets by fingerprint."""
    return {
        name: describe_fact(fact_type_of(name, fact_type(name)), value)
        for name, value in inputs.items()
    }


class Ledger:
    """Every check result of one session, in the order they came; never shortened."""

    def __init__(self) -> None:
        self._entries: list[LedgerEntry] = []

    def __iter__(self) -> Iterator[LedgerEntry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, entry: LedgerEntry) -> None:
        self._entries.append(entry)

    def record(
        self,
        key: str,
        result: CheckResult,
        inputs: Mapping[str, str],
        fact_type: Callable[[str], str],
        *,
        origin: str = FROM_FLOW,
        flow: str = "",
        node: str = "",
        token_fact: str = "",
    ) -> LedgerEntry:
        """Keep `result` with the inputs it ran on; its token named by fingerprint."""
        token = inputs.get("token", "")
        entry = LedgerEntry(
            key=key,
            result=result,
            origin=origin,
            flow=flow,
            node=node,
            token_fact=(token_fact or "token") if token else "",
            fingerprint=token_fingerprint(token) if token else "",
            inputs=shown_inputs(inputs, fact_type),
        )
        self.add(entry)
        return entry

    def ran_on(self, result: CheckResult) -> LedgerEntry | None:
        """The latest entry holding `result` (equal to it: `back()` keeps copies)."""
        return next((entry for entry in reversed(self._entries) if entry.result == result), None)
