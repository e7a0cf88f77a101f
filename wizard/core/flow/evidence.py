"""What a resolution stands on: each check it asserts or rests on, as verified, found or not.

A resolution's own text never claims a check passed unless it `asserts` it; everything else
the diagnosis relies on is listed from the results themselves, so a check that skipped or
errored is named with the reason it gave instead of being taken for a pass.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wizard.core.flow.model import Resolution
from wizard.core.vocab.result import CheckResult, Status

VERIFIED = "verified"
FOUND = "found"
NOT_VERIFIED = "not verified"


@dataclass(frozen=True)
class Evidence:
    """One check behind a diagnosis: its key, status (None: not run here) and verdict."""

    key: str
    status: str | None
    verdict: str  # VERIFIED, FOUND or NOT_VERIFIED
    title: str
    detail: str
    asserted: bool = False

    def line(self) -> str:
        """One line for a person, e.g. 'not verified: Token signature (skip): no issuer ...'."""
        shown = f" ({self.status})" if self.status and self.verdict != VERIFIED else ""
        return f"{self.verdict}: {self.title}{shown}: {self.detail}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "status": self.status,
            "verdict": self.verdict,
            "title": self.title,
            "detail": self.detail,
            "asserted": self.asserted,
        }


def resolution_evidence(
    resolution: Resolution, results: Mapping[str, CheckResult]
) -> tuple[list[Evidence], list[Evidence]]:
    """(evidence for every asserted or rested-on check that ran, asserted checks not passed).

    An asserted check that never ran is not verified; a rested-on one that never ran on this
    route is left out (the route did not need it).
    """
    evidence: list[Evidence] = []
    unverified: list[Evidence] = []
    keys = list(dict.fromkeys([*resolution.asserts, *resolution.rests_on]))
    for key in keys:
        asserted = key in resolution.asserts
        result = results.get(key)
        if result is None:
            if asserted:
                item = Evidence(key, None, NOT_VERIFIED, key, "not checked on this route", True)
                evidence.append(item)
                unverified.append(item)
            continue
        item = Evidence(
            key,
            str(result.status),
            _verdict(result.status),
            result.title or key,
            result.detail,
            asserted,
        )
        evidence.append(item)
        if asserted and result.status is not Status.PASS:
            unverified.append(item)
    return evidence, unverified


def _verdict(status: Status) -> str:
    if status is Status.PASS:
        return VERIFIED
    if status in (Status.FAIL, Status.WARN):
        return FOUND
    return NOT_VERIFIED


def caveat(unverified: list[Evidence]) -> str:
    """The sentence put before a resolution whose asserted checks did not all pass."""
    parts = "; ".join(
        f"{item.title} ({item.status or 'not run'}): {item.detail}" for item in unverified
    )
    return f"Not verified, so this diagnosis may not hold - {parts}."
