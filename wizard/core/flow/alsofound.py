"""The "also found" list: every cause besides the primary one, each named once, ranked.

The primary cause is the resolution the flow reached, with the checks it asserts or rests on.
Every other fail, and every warn a service provider rejects (`checks.rejecting`), of the
flow's latest results and of the sweep before the resolution, is listed once per cause
(`causes`), fails first, then in the catalog's order, then the token sent before the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wizard.core.checks.rejecting import REJECTED_WARNS, acted_on, finding_rank
from wizard.core.flow.causes import ASPECTS, CauseIndex, aspects, not_to_be_sent
from wizard.core.flow.conditions import evaluate, referenced_checks, referenced_facts
from wizard.core.flow.ledger import FROM_SWEEP, Ledger, LedgerEntry
from wizard.core.flow.model import Flow, Resolution, split_goto
from wizard.core.flow.sweep import DESTINATION_INPUTS, TOKEN_ORDER, flow_entries
from wizard.core.vocab.provenance import FactStore, Provenance
from wizard.core.vocab.result import CheckResult, Status

SENT = "token"  # the fact holding the token the service provider is sent


@dataclass(frozen=True)
class AlsoFound:
    """A finding besides the primary cause: which check, on which token, and its fix."""

    key: str
    id: str
    status: str
    title: str
    detail: str
    fix: str
    token: str = ""  # the fact holding the token it read ("" for none)
    rejected_because: str = ""  # for a warn: why a service provider rejects it

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "id": self.id,
            "status": self.status,
            "title": self.title,
            "detail": self.detail,
            "fix": self.fix,
            "token": self.token,
            "rejected_because": self.rejected_because,
        }

    def line(self) -> str:
        """One line for a person: '✗ token.lifetime (id_token): ... Fix: ...'."""
        symbol = Status(self.status).symbol
        on = f" ({self.token})" if self.token else ""
        fix = f" Fix: {self.fix}" if self.fix else ""
        return f"{symbol} {self.id}{on}: {self.detail}{fix}"


def decisive_keys(
    flows: Mapping[str, Flow],
    path: Sequence[tuple[str, str]],
    facts: FactStore,
    results: Mapping[str, CheckResult],
) -> set[str]:
    """The check keys the route into the resolution looked at: its primary cause.

    The node before the resolution sent the walk there by the first of its routes that holds
    (they are tried in order, and nothing has changed since); the checks that route tests,
    and those that learned the facts it tests (`keycloak_fault`), are what the cause rests on.
    Where the user chose the way at a choice, it is what the checks before the choice found.
    """
    if len(path) < 2:
        return set()
    (flow_id, node_id), target = path[-2], path[-1]
    node = flows[flow_id].nodes.get(node_id) if flow_id in flows else None
    if node is None:
        return set()
    if node.choices:
        return _found_before(flows, path[:-1], results)
    statuses = {key: str(result.status) for key, result in results.items()}
    for route in node.next:
        if route.when is not None and not evaluate(route.when, facts, statuses):
            continue
        if split_goto(route.goto, flow_id) != target:
            return set()
        keys = set(referenced_checks(route.when))
        for name in referenced_facts(route.when):
            fact = facts.fact(name)
            if fact is not None and fact.provenance is Provenance.CHECK and fact.origin:
                keys.add(fact.origin)
        return keys
    return set()


def _guessed_destination(entry: LedgerEntry, judged: set[str] | frozenset[str] | None) -> bool:
    """A sweep's finding fed where the token goes, by a check its playbooks never run."""
    if judged is None or entry.origin != FROM_SWEEP or entry.check_id in judged:
        return False
    return bool(DESTINATION_INPUTS.intersection(entry.inputs))


def judged_checks(flows: Mapping[str, Flow], path: Sequence[tuple[str, str]]) -> set[str]:
    """The check ids whose outcome the playbooks of the walk route on, anywhere in them.

    A playbook that routes on a check's status says what its finding means there; one that
    runs it only to read a fact (okta-sp-401 reads `token_kind`, as an SSO service provider
    is sent the ID token) does not make its warn a cause.
    """
    judged: set[str] = set()
    for flow_id in {flow_id for flow_id, _node in path if flow_id in flows}:
        nodes = flows[flow_id].nodes.values()
        ids = {call.key: call.id for node in nodes for call in node.check_calls}
        for node in nodes:
            for route in node.next:
                judged.update(ids.get(key, key) for key in referenced_checks(route.when))
    return judged


def _found_before(
    flows: Mapping[str, Flow], path: Sequence[tuple[str, str]], results: Mapping[str, CheckResult]
) -> set[str]:
    """Where the user chose the way: what the nearest node with checks before it found."""
    for flow_id, node_id in reversed(path):
        node = flows[flow_id].nodes.get(node_id) if flow_id in flows else None
        if node is not None and node.check_calls:
            keys = {call.key for call in node.check_calls}
            bad = (Status.FAIL, Status.WARN)
            return {key for key in keys if key in results and results[key].status in bad}
    return set()


def also_found(
    resolution: Resolution,
    results: Mapping[str, CheckResult],
    swept: Mapping[str, CheckResult],
    ledger: Ledger,
    order: Sequence[str],
    decisive: set[str] | frozenset[str] = frozenset(),
    judged: set[str] | frozenset[str] | None = None,
) -> list[AlsoFound]:
    """Every fail and rejected warn that is not the resolution's own cause, once, ranked.

    Its own cause: the checks it asserts or rests on, and the `decisive` ones its route tested.
    `judged` are the check ids the walked playbooks run themselves (None: any): a sweep's
    finding that rests on where the token is sent (`audience`, `expect_claim`, ...) counts
    only for those, as only their playbooks say what those facts mean for the token sent (an
    ID token is right for OpenSearch Dashboards, wrong for an API).
    """
    entries = flow_entries(ledger, results)
    own = set(resolution.asserts) | set(resolution.rests_on) | set(decisive)
    index = CauseIndex()
    for key in own:
        entry = entries.get(key)
        if entry is None:
            # A check it rests on that this route never ran: its aspect, on any token.
            if key in ASPECTS:
                index.name(ASPECTS[key], "")
        elif entry.result.status in (Status.FAIL, Status.WARN):
            index.name(aspects(entry.result), entry.fingerprint)
    candidates = [e for key, e in entries.items() if key not in own]
    candidates += [e for e in _latest(ledger, set(swept)) if e.result == swept[e.key]]
    candidates = [e for e in candidates if acted_on(e.result)]
    candidates.sort(key=lambda e: (*finding_rank(e.result, order), _token_place(e.token_fact)))
    refresh = {e.fingerprint for e in ledger if e.fingerprint and not_to_be_sent(e.result)}
    listed: list[LedgerEntry] = []
    for entry in candidates:
        found = aspects(entry.result)
        if _guessed_destination(entry, judged):
            continue  # the sweep guessed where the token goes; this playbook says otherwise
        if entry.fingerprint in refresh and "kind" not in found:
            continue  # a token not to be sent at all: nothing else on it matters
        if "kind" in found and entry.token_fact not in (SENT, ""):
            continue  # a token kept beside the one sent is not "the wrong token sent"
        if index.named(found, entry.fingerprint):
            continue
        index.name(found, entry.fingerprint)
        listed.append(entry)
    return [_item(entry) for entry in listed]


def _latest(ledger: Ledger, keys: set[str]) -> list[LedgerEntry]:
    latest: dict[str, LedgerEntry] = {}
    for entry in ledger:
        if entry.key in keys:
            latest[entry.key] = entry
    return list(latest.values())


def _token_place(name: str) -> int:
    return TOKEN_ORDER.index(name) if name in TOKEN_ORDER else len(TOKEN_ORDER)


def _item(entry: LedgerEntry) -> AlsoFound:
    result = entry.result
    warned = result.status is Status.WARN
    return AlsoFound(
        key=entry.key,
        id=result.id,
        status=str(result.status),
        title=result.title,
        detail=result.detail,
        fix=result.fix,
        token=entry.token_fact,
        rejected_because=REJECTED_WARNS.get(result.id, "") if warned else "",
    )
