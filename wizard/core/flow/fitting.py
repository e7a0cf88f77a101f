"""Which playbook fits: read from each flow's own `applies` declaration, never from a list here.

Triage's handoff nodes, the token suggestion, the log-line router and search all ask this
module, so a new provider playbook is found as soon as its YAML file says when it applies.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from wizard.core.flow.model import Flow

# The symptom a pasted log line or error body stands for: fits need evidence in the text.
LOG_SYMPTOM = "log"
# Longest pasted text the word search looks through: a log export may be megabytes.
MAX_SEARCHED_TEXT = 64 * 1024


@dataclass(frozen=True)
class Fit:
    """A playbook that fits, how well (higher is more specific), and why."""

    flow: Flow
    score: int
    reasons: tuple[str, ...]

    @property
    def goto(self) -> str:
        """Where a handoff goes: the declared entry node, else the flow's start."""
        return f"{self.flow.id}:{self.flow.applies.entry or self.flow.start}"


def fitting_playbooks(
    flows: Iterable[Flow],
    *,
    symptom: str,
    facts: Mapping[str, str],
) -> list[Fit]:
    """Every flow that declares `symptom` and fits the facts, best first.

    A declared provider or token kind that the facts contradict (or, for a token, leave
    unknown) rules a flow out; one the facts confirm adds to its score. For the log symptom
    a flow fits only when the recognised message (`log_message`) or one of its words (in
    `log_line`) is found.
    """
    fits = [fit for flow in flows if (fit := _fit(flow, symptom, facts)) is not None]
    # Most specific first; on a tie the flow with fewer providers (narrower), then by id, so
    # the choice never depends on the order the files were read in.
    return sorted(fits, key=lambda f: (-f.score, len(f.flow.applies.providers), f.flow.id))


def best_playbook(flows: Iterable[Flow], *, symptom: str, facts: Mapping[str, str]) -> Fit | None:
    """The best fit, or None when no playbook declares that it fits."""
    found = fitting_playbooks(flows, symptom=symptom, facts=facts)
    return found[0] if found else None


def search_flows(flows: Iterable[Flow], query: str) -> list[Flow]:
    """Flows whose searchable text (`Flow.search_text`) contains every word of `query`."""
    words = query.lower().split()
    return [flow for flow in flows if all(w in flow.search_text().lower() for w in words)]


def _fit(flow: Flow, symptom: str, facts: Mapping[str, str]) -> Fit | None:
    declared = flow.applies
    if symptom not in declared.symptoms:
        return None
    score = 0
    reasons: list[str] = []
    for fact, allowed, what in (
        ("provider", declared.providers, "provider"),
        ("token_kind", declared.token_kinds, "token kind"),
    ):
        value = facts.get(fact, "")
        if not allowed or (not value and symptom == LOG_SYMPTOM):
            # A log line alone says nothing of the token: the text decides, below.
            continue
        if value not in allowed:
            # Unknown counts as a miss too: a provider playbook fits a token it recognised.
            return None
        score += 2
        reasons.append(f"{what} {value}")
    if symptom == LOG_SYMPTOM:
        found = _log_evidence(flow, facts)
        if not found:
            return None
        points, reason = found
        score += points
        reasons.append(reason)
    return Fit(flow, score, tuple(reasons))


def _log_evidence(flow: Flow, facts: Mapping[str, str]) -> tuple[int, str] | None:
    # A provider's own error code names its playbook best; then the recognised message (an
    # exact id over a glob); each declared word found in the text adds a little.
    declared = flow.applies
    text = facts.get("log_line", "")[:MAX_SEARCHED_TEXT]
    score = 0
    reasons: list[str] = []
    codes = [code for code in declared.error_codes if _contains_word(text, code)]
    if codes:
        score += 5
        reasons.append(f"the text has {', '.join(codes)}")
    message = facts.get("log_message", "")
    if message and message in declared.log_messages:
        score += 4
        reasons.append(f"log message {message}")
    elif message and any(fnmatch.fnmatchcase(message, p) for p in declared.log_messages):
        score += 3
        reasons.append(f"log message {message}")
    words = [word for word in declared.words if _contains_word(text, word)]
    if words:
        score += len(words)
        reasons.append(f"the text mentions {', '.join(words)}")
    return (score, "; ".join(reasons)) if score else None


def _contains_word(text: str, word: str) -> bool:
    # A word matches at a word start, case-insensitively: "AADSTS" finds "AADSTS50013" and
    # "kid" does not find "skidding".
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(word)}", text, re.IGNORECASE) is not None
