"""token.claims looks the claim up in every token of the login, and says which one the SP gets."""

from __future__ import annotations

import asyncio

from tests.core.tokens.minting import FIXED_NOW, mint, okta_access, okta_id
from wizard.core.checks import CheckEnvironment, CheckOptions, CheckResult, CheckRun, run_one
from wizard.core.checks.catalog import load_registry

REGISTRY = load_registry()
ACCESS = mint(okta_access())
ID_TOKEN = mint(okta_id())
THIN_ID = mint(okta_id(email=None, preferred_username=None) | {"name": "Alice"})


def claims(**inputs: str) -> CheckResult:
    env = CheckEnvironment(options=CheckOptions(), clock=lambda: FIXED_NOW)
    return asyncio.run(run_one(CheckRun("token.claims", REGISTRY["token.claims"], inputs), env))


def test_a_claim_only_the_id_token_has_is_named_there_and_not_blamed_on_scopes():
    result = claims(token=ACCESS, access_token=ACCESS, id_token=ID_TOKEN, expect_claim="email")
    assert result.status == "fail"
    assert "in the ID token, not in the access token" in result.detail
    assert "an API sees only the access token" in result.detail
    assert result.facts["claim_in_other_token"] == "id"
    assert result.evidence["carried_by"] == {"the access token": False, "the ID token": True}
    # The claim exists, so releasing it with its scope is not what to do.
    assert "scope, claim rule or mapper" not in result.fix
    assert "/userinfo" in result.fix


def test_a_claim_the_tested_token_has_passes_and_names_the_token_lacking_it():
    result = claims(token=ID_TOKEN, access_token=ACCESS, expect_claim="email")
    assert result.status == "pass"
    assert "the access token lacks it" in result.detail
    assert "claim_in_other_token" not in result.facts


def test_a_claim_no_token_has_says_so_and_keeps_the_scope_fix():
    result = claims(token=ACCESS, id_token=THIN_ID, expect_claim="email")
    assert result.status == "fail"
    assert "no token of this login carries it" in result.detail
    assert "claim_in_other_token" not in result.facts
    assert "scope" in result.fix


def test_the_same_token_given_twice_is_not_another_token():
    result = claims(token=ACCESS, access_token=ACCESS, expect_claim="email")
    assert "carried_by" not in result.evidence
    assert "claim_in_other_token" not in result.facts


def test_a_thin_id_token_is_named_as_a_cause_only_if_the_scope_was_granted():
    thin = mint({k: v for k, v in okta_id().items() if k not in ("email", "email_verified")})

    def said(access_scopes: list[str]) -> str:
        access = mint(okta_access(scp=access_scopes))
        return claims(token=thin, access_token=access, expect_claim="email").detail

    assert "thin ID token" in said(["openid", "profile", "email"])
    # Without the email scope no token of the login could carry email: no thin token to blame.
    assert "thin ID token" not in said(["openid", "profile"])
