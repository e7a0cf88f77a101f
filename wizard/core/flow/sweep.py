"""The sweep before a diagnosis: everything knowable without asking, kept in the ledger.

Before a resolution is shown the engine runs every check that needs no credential sent and no
new answer (the checks that never touch the network) on every token the session holds, the
ID token and the access token alike, and once on the other facts (config files, log lines).
What the flow's nodes already ran on the same token is not run again. `alsofound` then
lists what it found besides the primary cause.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from wizard.core.checks.registry import CheckSpec
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.flow.facts import token_fingerprint
from wizard.core.flow.ledger import FROM_SWEEP, Ledger, LedgerEntry
from wizard.core.flow.model import FACT_REFERENCE, Node
from wizard.core.tokens.parse import parse_token
from wizard.core.tokens.providers import detect_provider
from wizard.core.vocab.environment import CheckEnvironment
from wizard.core.vocab.result import CheckResult, Status

# The token a service provider is sent comes first; a refresh token is never sent to one, so
# checks that judge a bearer would misjudge it.
TOKEN_ORDER = ("token", "access_token", "id_token")
NOT_SWEPT_TOKENS = frozenset({"refresh_token"})
# Inputs that say where the token is sent: they describe the token in `token` only, so they
# are left out when another token (an ID token kept beside it) is checked.
DESTINATION_INPUTS = frozenset(
    {"audience", "resource_url", "resource_scheme", "scopes", "expect_claim", "expect_value"}
)
# A provider's own checks judge its tokens by its rules: on another provider's token their
# findings (no Keycloak roles in an Okta token) would be false, so they run only on its own.
PROVIDER_CHECKS = ("keycloak.", "entra.", "okta.", "auth0.")
# An offline check reads what it is given and is done in milliseconds; one that is not (a
# bug) must not hold the diagnosis back.
SWEEP_CHECK_SECONDS = 5.0


class _Where(Protocol):
    flow: str
    node: str


class SweptWalk(Protocol):
    """What the sweep reads of a walk (the engine): its facts, results and where it stands."""

    @property
    def facts(self) -> Mapping[str, str]: ...

    @property
    def results(self) -> Mapping[str, CheckResult]: ...

    @property
    def state(self) -> _Where: ...

    def fact_type(self, name: str) -> str: ...


@dataclass(frozen=True)
class SweepRun:
    """One check the sweep runs: its run, and the token fact it reads ("" for none)."""

    run: CheckRun
    token_fact: str


def held_tokens(facts: Mapping[str, str], fact_type: Callable[[str], str]) -> list[str]:
    """The facts holding distinct tokens, the one sent to the service provider first."""
    names = [n for n in facts if fact_type(n) == "token" and n not in NOT_SWEPT_TOKENS]
    names.sort(key=lambda n: (TOKEN_ORDER.index(n) if n in TOKEN_ORDER else len(TOKEN_ORDER), n))
    seen: set[str] = set()
    distinct = []
    for name in names:
        value = facts.get(name) or ""
        if not value.strip():
            continue
        mark = token_fingerprint(value)
        if mark not in seen:
            seen.add(mark)
            distinct.append(name)
    return distinct


def plan_sweep(
    registry: Mapping[str, CheckSpec],
    facts: Mapping[str, str],
    fact_type: Callable[[str], str],
    done: Iterable[tuple[str, str]] = (),
) -> list[SweepRun]:
    """The runs of the sweep, leaving out the (check id, token fingerprint) pairs in `done`."""
    already = set(done)
    tokens = held_tokens(facts, fact_type)
    providers = {name: _provider(facts[name]) for name in tokens}
    runs: list[SweepRun] = []
    for spec in registry.values():
        if spec.network:
            continue
        if "token" in spec.inputs:
            for name in tokens:
                value = facts[name]
                if (spec.id, token_fingerprint(value)) in already:
                    continue
                if not _fits(spec.id, {providers[name]}):
                    continue
                inputs = _inputs(spec, facts, keep_destination=name == tokens[0])
                inputs["token"] = value
                if _ready(spec, inputs):
                    runs.append(SweepRun(CheckRun(f"{spec.id}@{name}", spec, inputs), name))
        elif (spec.id, "") not in already and _fits(spec.id, _read_by(spec, providers)):
            inputs = _inputs(spec, facts, keep_destination=True)
            if _ready(spec, inputs):
                runs.append(SweepRun(CheckRun(spec.id, spec, inputs), ""))
    return runs


def _read_by(spec: CheckSpec, providers: Mapping[str, str]) -> set[str]:
    """The providers of the held tokens a check reads (all of them, if it names none)."""
    read = {provider for name, provider in providers.items() if name in spec.inputs}
    return read or set(providers.values())


def _provider(token: str) -> str:
    parsed = parse_token(token)
    return detect_provider(parsed.claims, parsed.header).provider if parsed.claims else ""


def _fits(check_id: str, providers: set[str]) -> bool:
    """False for a provider's own check when no token at hand is that provider's."""
    prefix = next((p for p in PROVIDER_CHECKS if check_id.startswith(p)), None)
    if prefix is None:
        return True
    return any(found.startswith(prefix.rstrip(".")) for found in providers)


def _inputs(spec: CheckSpec, facts: Mapping[str, str], *, keep_destination: bool) -> dict[str, str]:
    return {
        name: facts[name]
        for name in spec.inputs
        if facts.get(name) and (keep_destination or name not in DESTINATION_INPUTS)
    }


def _ready(spec: CheckSpec, inputs: Mapping[str, str]) -> bool:
    """Applicable: every input it requires is known, and it is given at least one input."""
    return bool(inputs) and all(inputs.get(name) for name in spec.requires)


async def run_sweep(
    runs: Sequence[SweepRun],
    env: CheckEnvironment,
    ledger: Ledger,
    fact_type: Callable[[str], str],
    *,
    flow: str = "",
    node: str = "",
) -> dict[str, CheckResult]:
    """Run the sweep's checks (offline ones: no task per check), each kept in the ledger."""
    swept: dict[str, CheckResult] = {}
    for one in runs:
        try:
            result = await asyncio.wait_for(run_one(one.run, env), SWEEP_CHECK_SECONDS)
        except TimeoutError:
            result = CheckResult(
                one.run.spec.id,
                Status.ERROR,
                one.run.spec.title,
                f"It did not finish within {SWEEP_CHECK_SECONDS:g} s, so it was left out.",
            )
        swept[one.run.key] = result
        ledger.record(
            one.run.key,
            result,
            one.run.inputs,
            fact_type,
            origin=FROM_SWEEP,
            flow=flow,
            node=node,
            token_fact=one.token_fact,
        )
    return swept


def token_source(key: str, node: Node) -> str:
    """The fact a node's run `key` took its token from (its `with:` template, else `token`)."""
    templates = {call.key: call.with_ for call in node.check_calls}.get(key, {})
    if "token" in templates:
        found = FACT_REFERENCE.findall(templates["token"])
        return found[0] if found else "token"
    return "token"


def flow_entries(ledger: Ledger, results: Mapping[str, CheckResult]) -> dict[str, LedgerEntry]:
    """Each current result of the flow with the ledger entry that says what it ran on."""
    found: dict[str, LedgerEntry] = {}
    for key, result in results.items():
        entry = ledger.ran_on(result)
        found[key] = entry if entry is not None else LedgerEntry(key, result)
    return found


async def sweep(
    walk: SweptWalk,
    registry: Mapping[str, CheckSpec],
    env: CheckEnvironment,
    ledger: Ledger,
) -> dict[str, CheckResult]:
    """Everything knowable without asking that the walk's own results do not already say."""
    results = walk.results
    done = [(e.check_id, e.fingerprint) for e in flow_entries(ledger, results).values()]
    runs = plan_sweep(registry, walk.facts, walk.fact_type, done)
    if not runs:
        return {}
    where = {"flow": walk.state.flow, "node": walk.state.node}
    return await run_sweep(runs, env, ledger, walk.fact_type, **where)
