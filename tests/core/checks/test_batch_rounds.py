"""The batch feeds later checks with what the offline checks learned, and reads tokens one way."""

from __future__ import annotations

import pytest

from tests.core.tokens.minting import FIXED_NOW, mint
from wizard.core.checks.batch import merge_learned, run_all
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

# An Auth0 tenant behind a custom domain: its iss says nothing of Auth0, its claims do.
CUSTOM_DOMAIN_TOKEN_CLAIMS = {
    "iss": "https://login.acme.test/",
    "sub": "auth0|5f1c0ffee",
    "aud": "https://api.acme.test",
    "azp": "Xy12clientid",
    "scope": "read:orders",
    "gty": "client-credentials",
    "iat": FIXED_NOW - 60,
    "exp": FIXED_NOW + 3600,
}


@pytest.fixture
async def offline_env():
    environment = CheckEnvironment(options=CheckOptions(offline=True))
    yield environment
    await environment.aclose()


def by_id(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {result.id: result for result in results}


async def test_auth0_userinfo_learns_the_provider_from_the_offline_round(offline_env):
    token = mint(CUSTOM_DOMAIN_TOKEN_CLAIMS)

    results = by_id(await run_all({"token": token}, offline_env))

    assert results["token.provider"].facts["provider"] == "auth0"
    # Alone, auth0.userinfo would skip: the iss is not on auth0.com.
    auth0 = results["auth0.userinfo"]
    assert auth0.status is Status.FAIL, auth0.detail
    assert "https://login.acme.test/userinfo" in auth0.detail
    assert "openid" in auth0.fix


async def test_results_stay_in_catalog_order_across_the_rounds(offline_env):
    token = mint(CUSTOM_DOMAIN_TOKEN_CLAIMS)

    results = await run_all({"token": token}, offline_env)

    assert [result.id for result in results] == list(load_registry())


def test_merge_never_replaces_a_given_fact_and_prefers_token_provider():
    learned = [
        CheckResult("token.format", Status.PASS, "t", "d", facts={"provider": "generic"}),
        CheckResult("token.provider", Status.PASS, "t", "d", facts={"provider": "auth0"}),
        CheckResult("opensearch.subject", Status.PASS, "t", "d", facts={"opensearch_user": "u"}),
    ]

    merged = merge_learned({"opensearch_user": "given", "token": "x"}, learned)

    assert merged == {"opensearch_user": "given", "token": "x", "provider": "auth0"}


@pytest.mark.parametrize("check_id", ["token.signature", "auth0.userinfo", "jwks.keys"])
async def test_a_token_cut_when_copied_is_not_mistaken_for_an_unsigned_one(check_id):
    token = mint(CUSTOM_DOMAIN_TOKEN_CLAIMS)
    cut = ".".join(token.split(".")[:2]) + ".extra.part"
    env = CheckEnvironment(options=CheckOptions(timeout=1.0))
    try:
        spec = load_registry()[check_id]
        inputs = {"token": cut, "provider": "auth0", "issuer": "http://127.0.0.1:9/"}
        result = await run_one(CheckRun(check_id, spec, inputs), env)
    finally:
        await env.aclose()

    assert "not signed" not in result.detail
    assert token not in result.detail
    if check_id != "jwks.keys":
        assert result.status is Status.SKIP and "Token format" in result.detail
