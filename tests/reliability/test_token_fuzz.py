"""Hostile tokens: every check of the registry returns a result for any text, never raises.

Each input goes through `run_one` (what sessions use) and through the check's own function
(so the runner's safety net cannot hide a crash). Token checks run with `offline=True`;
network checks talk to a loopback issuer, which also serves the keys for token.signature.

Guards: the "never raises" contract of every check (a crash would be an `error` result
saying "internal error" from the runner, or an exception from the direct call), and the
rule that no signature of a token appears in any result.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.hostile_tokens import mutations
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.context import CheckContext, CheckStopped
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.net.fetch import NetworkProblem
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

DATA = Path(__file__).resolve().parents[1] / "data" / "opensearch"
INTERNAL = "internal error"
FIXED_NOW = 1_795_345_200.0
# Figures for docs/RELIABILITY.md: how many examples each test draws.
TEXT_EXAMPLES = 150
MUTATION_EXAMPLES = 200


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


tried: Counter[str] = Counter()


def all_inputs(token: str, issuer_url: str) -> dict[str, str]:
    """Every input some check reads, so every check gets past its preconditions."""
    return {
        "token": token,
        "id_token": token,
        "access_token": token,
        "issuer": issuer_url,
        "client_id": "client-1",
        "client_secret": "fuzz-client-secret-value",
        "audience": "api://default",
        "scopes": "openid email",
        "expect_claim": "realm_access.roles",
        "expect_value": "admin",
        "provider": "auth0",
        "resource_url": issuer_url + "/resource",
        "opensearch_config": str(DATA / "config_seed003.yml"),
        "roles_mapping": str(DATA / "roles_mapping_seed003.yml"),
        "dashboards_config": str(DATA / "opensearch_dashboards_seed003.yml"),
        "opensearch_version": "2.6.0",
    }


class Harness:
    """The two sessions (offline, and online against the loopback issuer) one test shares."""

    def __init__(self, issuer_url: str) -> None:
        self.registry = load_registry()
        self.issuer_url = issuer_url
        self.offline = CheckEnvironment(CheckOptions(offline=True), clock=lambda: FIXED_NOW)
        self.online = CheckEnvironment(CheckOptions(timeout=5.0), clock=lambda: FIXED_NOW)

    async def exercise(self, text: str) -> list[CheckResult]:
        inputs = all_inputs(text, self.issuer_url)
        # Side by side, as a session runs them; each pair is the runner's and the direct call.
        pairs = await asyncio.gather(*(self._both(spec, inputs) for spec in self.registry.values()))
        return [result for pair in pairs for result in pair]

    async def _both(self, spec, inputs: dict[str, str]) -> tuple[CheckResult, CheckResult]:
        env = self.online if spec.network else self.offline
        via_runner = await run_one(CheckRun(spec.id, spec, inputs), env)
        assert INTERNAL not in via_runner.detail, (spec.id, via_runner.detail)
        try:
            direct = await spec.func(CheckContext(spec, inputs, env))
        except CheckStopped as stop:  # the early stop the runner turns into the result
            direct = stop.result
        except NetworkProblem as problem:  # the runner makes it an error result
            direct = CheckResult(spec.id, Status.ERROR, spec.title, problem.message)
        assert isinstance(direct, CheckResult), spec.id
        assert direct.status in set(Status)
        assert direct.detail.strip(), spec.id
        return via_runner, direct

    async def close(self) -> None:
        await self.online.aclose()


def assert_no_signature(text: str, results: list[CheckResult]) -> None:
    parts = text.split(".")
    if len(parts) != 3 or len(parts[2]) < 40:
        return
    for result in results:
        shown = json.dumps(result.to_dict(), default=str)
        assert parts[2] not in shown, f"{result.id} shows the token's signature"


@pytest.fixture
def harness(issuer):
    with asyncio.Runner() as runner:
        made = Harness(issuer.issuer)
        made.run = runner.run
        yield made
        runner.run(made.close())


def test_arbitrary_text_never_breaks_a_check(harness):
    @fuzz_settings(TEXT_EXAMPLES)
    @given(
        st.one_of(
            st.text(max_size=300),
            st.text(alphabet="eyJAZaz09-_.=+/% \n\"'", max_size=400),
            st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
        )
    )
    def check(text: str) -> None:
        tried["arbitrary text"] += 1
        harness.run(harness.exercise(text))

    check()
    assert tried["arbitrary text"] >= TEXT_EXAMPLES


def test_mutated_real_tokens_never_break_a_check(harness, issuer):
    real = issuer.mint(email="a@example.test", realm_access={"roles": ["admin"]})

    @fuzz_settings(MUTATION_EXAMPLES)
    @given(mutations(real))
    def check(case: tuple[str, str]) -> None:
        kind, text = case
        tried[kind] += 1
        results = harness.run(harness.exercise(text))
        assert_no_signature(text, results)

    check()
    print("\nmutations tried:", dict(sorted(tried.items())))
    assert sum(tried.values()) >= MUTATION_EXAMPLES


def named_cases(token: str) -> dict[str, tuple[str, str]]:
    """The hostile tokens of docs/RELIABILITY.md: text, and what token.format must say."""
    from tests.reliability import hostile_tokens as make

    header, payload, signature = token.split(".")
    return {
        "truncated to two parts": (
            f"{header}.{payload}",
            "It starts like a JWT but has 2 dot-separated parts",
        ),
        "an extra dot": (f"{header}.{payload}..{signature}", "has 4 dot-separated parts"),
        "standard base64": (
            f"{header}.+{payload[1:]}.{signature}",
            "The payload has a character that is not base64url, '+', at position",
        ),
        "non-JSON payload": (
            ".".join((header, make.b64url(b"hello world"), signature)),
            "The payload is not valid JSON: Expecting value at line 1, column 1",
        ),
        "non-UTF-8 payload": (
            ".".join((header, make.b64url(b"\xff\xfe\x00"), signature)),
            "The payload decodes to bytes that are not UTF-8 text (byte 0 of 3)",
        ),
        "payload is an array": (
            f"{header}.{make.segment([1, 2])}.{signature}",
            "The payload is JSON but not an object (it is an array)",
        ),
        "10,000 nested arrays in a claim": (
            make.with_claim(token, "groups", make.nested_array(10_000)),
            "The payload is not valid JSON: it is nested too deeply.",
        ),
        "10,000 nested arrays in the header": (
            make.with_header(token, b'{"alg":"RS256","x":' + make.nested_array(10_000) + b"}"),
            "The header is not valid JSON: it is nested too deeply.",
        ),
        "a 256 KB claim": (
            make.with_claim(token, "x", json.dumps("A" * 262_144).encode()),
            "A signed JWT (JWS) of",
        ),
        "a letter outside ASCII": ("tökén", "An opaque token of 5 characters"),
        "whitespace only": ("  \n ", "Nothing is left once the paste wrapping is removed."),
    }


def test_named_hostile_tokens_get_their_sentence_and_break_nothing(harness, issuer):
    real = issuer.mint(email="a@example.test")
    for name, (text, sentence) in named_cases(real).items():
        results = harness.run(harness.exercise(text))
        shown = next(result for result in results if result.id == "token.format")
        assert sentence in shown.detail, (name, shown.detail)
        assert_no_signature(text, results)
