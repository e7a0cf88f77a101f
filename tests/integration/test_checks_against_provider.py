"""The product's checks on tokens a real OpenID Provider issued through real protocol flows.

Tokens come from the client_credentials grant with resource indicators (RS256 and ES256 JWTs,
opaque tokens) and from an authorization code + PKCE login (ID token, user access token); the
few the provider would never issue (expired, unknown kid, tampered) are signed with its own
keys or altered by hand. Each test runs a check through ``run_one`` (or the whole catalog
through ``batch.run_all``) exactly as the faces do, and asserts status and wording.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest

from wizard.core.checks.batch import run_all
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

from .oidc import RESOURCE_ES256, RESOURCE_OPAQUE, RESOURCE_RS256, OidcProvider


@pytest.fixture
async def env():
    environment = CheckEnvironment(options=CheckOptions(timeout=10.0))
    yield environment
    await environment.aclose()


async def check(check_id: str, env: CheckEnvironment, **inputs: str) -> CheckResult:
    result = await run_one(CheckRun(check_id, load_registry()[check_id], inputs), env)
    assert check_id == result.id
    return result


def payload(token: str) -> dict[str, Any]:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def with_payload(token: str, claims: dict[str, Any]) -> str:
    """The token with its payload replaced and its original signature kept: a forgery."""
    header, _payload, signature = token.split(".")
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{body}.{signature}"


def minted(provider: OidcProvider, alg: str = "RS256", kid: str | None = None, **claims: Any):
    """A token signed with the provider's real key, with claims it would never issue itself."""
    now = int(time.time())
    base = {"iss": provider.issuer, "aud": RESOURCE_RS256, "sub": "alice", "iat": now}
    headers = {"kid": kid} if kid else None
    return provider.signing_keys.mint({**base, "exp": now + 300, **claims}, alg, headers)


def assert_secret_free(result: CheckResult, *secrets: str) -> None:
    text = json.dumps(result.to_dict(), default=str)
    for secret in secrets:
        assert secret not in text
        assert secret.split(".")[-1] not in text  # nor the signature alone


# --- token.signature --------------------------------------------------------------------------


@pytest.mark.parametrize(("alg", "kid"), [("RS256", "test-rs256"), ("ES256", "test-es256")])
async def test_signature_of_a_client_credentials_token_verifies(oidc_provider, env, alg, kid):
    token = oidc_provider.client_credentials_token(alg=alg)

    result = await check("token.signature", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.PASS, result.detail
    assert f"The {alg} signature verifies with key '{kid}'" in result.detail
    assert result.evidence["jwks_uri"] == oidc_provider.discovery["jwks_uri"]
    assert_secret_free(result, token)


async def test_signature_of_the_id_token_needs_the_loopback_issuer_confirmed(oidc_provider, env):
    id_token = oidc_provider.login()["id_token"]

    # The provider runs on loopback: a token's own iss may not send the wizard there.
    unconfirmed = await check("token.signature", env, token=id_token)
    confirmed = await check("token.signature", env, token=id_token, issuer=oidc_provider.issuer)

    assert unconfirmed.status is Status.SKIP and "confirmed" in unconfirmed.detail
    assert confirmed.status is Status.PASS, confirmed.detail


async def test_signature_fails_on_a_tampered_token(oidc_provider, env):
    token = oidc_provider.client_credentials_token(alg="RS256")
    forged = with_payload(token, {**payload(token), "scope": "api:read api:admin"})

    result = await check("token.signature", env, token=forged, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL
    assert "does NOT verify" in result.detail and "altered" in result.detail
    assert "test-rs256" in result.detail
    assert_secret_free(result, forged)


async def test_signature_fails_on_an_unknown_kid_and_suggests_rotation(oidc_provider, env):
    token = minted(oidc_provider, kid="rotated-away")

    result = await check("token.signature", env, token=token, issuer=oidc_provider.issuer)
    keys = await check("jwks.keys", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL
    assert "'rotated-away'" in result.detail and "test-rs256" in result.detail
    assert "rotated" in result.fix and "issuer" in result.fix
    assert keys.status is Status.FAIL and "'rotated-away'" in keys.detail


async def test_signature_fails_when_an_es256_token_names_the_rsa_kid(oidc_provider, env):
    token = minted(oidc_provider, alg="ES256", kid="test-rs256")

    result = await check("token.signature", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL, result.detail


# --- token.issuer, discovery, keys, clock -----------------------------------------------------


async def test_issuer_passes_with_the_providers_issuer(oidc_provider, env):
    token = oidc_provider.client_credentials_token()

    result = await check("token.issuer", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.PASS
    assert "exactly the expected issuer" in result.detail


async def test_issuer_with_a_trailing_slash_added_is_a_near_miss_explained(oidc_provider, env):
    token = oidc_provider.client_credentials_token()
    slashed = oidc_provider.issuer + "/"

    result = await check("token.issuer", env, token=token, issuer=slashed)
    discovery = await check("discovery.document", env, issuer=slashed)

    assert result.status is Status.FAIL
    assert "trailing slash" in result.detail and "byte for byte" in result.detail
    assert repr(oidc_provider.issuer) in result.fix
    assert discovery.status is Status.FAIL
    assert "trailing slash" in discovery.detail
    assert repr(oidc_provider.issuer) in discovery.fix


async def test_keys_of_a_mismatching_discovery_are_skipped_not_an_error(oidc_provider, env):
    aliased = oidc_provider.issuer.replace("127.0.0.1", "localhost")
    token = oidc_provider.client_credentials_token()

    discovery = await check("discovery.document", env, issuer=aliased)
    keys = await check("jwks.keys", env, issuer=aliased, token=token)
    signature = await check("token.signature", env, issuer=aliased, token=token)

    assert discovery.status is Status.FAIL
    assert "the host differs (127.0.0.1 vs localhost)" in discovery.detail
    for result in (keys, signature):
        assert result.status is Status.SKIP, result.detail
        assert repr(oidc_provider.issuer) in result.detail


async def test_discovery_passes_and_learns_the_providers_endpoints(oidc_provider, env):
    result = await check("discovery.document", env, issuer=oidc_provider.issuer)

    assert result.status is Status.PASS, result.detail
    for name in ("jwks_uri", "userinfo_endpoint", "introspection_endpoint"):
        assert result.facts[name] == oidc_provider.discovery[name]


async def test_jwks_lists_both_keys_and_finds_the_tokens_kid(oidc_provider, env):
    token = oidc_provider.client_credentials_token(alg="ES256")

    result = await check("jwks.keys", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.PASS, result.detail
    assert "2 key(s)" in result.detail
    assert "kid 'test-es256' is there and fits alg ES256" in result.detail


async def test_clock_is_within_skew_of_the_provider(oidc_provider, env):
    result = await check("clock.skew", env, issuer=oidc_provider.issuer)

    assert result.status is Status.PASS, result.detail
    assert "within the 30 s tolerance" in result.detail


# --- token.audience, lifetime, scopes, kind, claims -------------------------------------------


@pytest.mark.parametrize(
    ("alg", "resource"), [("RS256", RESOURCE_RS256), ("ES256", RESOURCE_ES256)]
)
async def test_audience_passes_for_the_resource_requested(oidc_provider, env, alg, resource):
    token = oidc_provider.client_credentials_token(alg=alg)

    result = await check("token.audience", env, token=token, audience=resource)

    assert result.status is Status.PASS, result.detail
    assert resource in result.detail


async def test_audience_fails_for_another_resource(oidc_provider, env):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_RS256)

    result = await check("token.audience", env, token=token, audience=RESOURCE_ES256)

    assert result.status is Status.FAIL
    assert RESOURCE_RS256 in result.detail and RESOURCE_ES256 in result.detail
    assert "resource parameter" in result.fix


async def test_id_token_audience_is_the_client_id(oidc_provider, env):
    id_token = oidc_provider.login()["id_token"]

    good = await check("token.audience", env, token=id_token, client_id="wizard-web")
    other = await check("token.audience", env, token=id_token, client_id="another-client")

    assert good.status is Status.PASS
    assert other.status is Status.FAIL and "'wizard-web'" not in other.fix
    assert '["wizard-web"]' in other.detail


async def test_lifetime_of_a_fresh_token_passes(oidc_provider, env):
    token = oidc_provider.client_credentials_token()

    result = await check("token.lifetime", env, token=token)

    assert result.status is Status.PASS, result.detail
    assert "expires in" in result.detail and "UTC" in result.detail


async def test_lifetime_of_a_token_minted_expired_fails_in_human_words(oidc_provider, env):
    now = int(time.time())
    token = minted(oidc_provider, iat=now - 7200, exp=now - 3600)

    result = await check("token.lifetime", env, token=token)
    signature = await check("token.signature", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL
    assert "expired 1 h ago" in result.detail and "UTC" in result.detail
    assert "fresh token" in result.fix
    # The signature is the provider's own: the token is genuine, only too old.
    assert signature.status is Status.PASS


async def test_scopes_of_the_client_credentials_token(oidc_provider, env):
    token = oidc_provider.client_credentials_token(scope="api:read")

    enough = await check("token.scopes", env, token=token, scopes="api:read")
    missing = await check("token.scopes", env, token=token, scopes="api:read api:write")

    assert enough.status is Status.PASS
    assert "openid is not among them" in enough.detail
    assert missing.status is Status.FAIL
    assert "Missing required scopes: api:write" in missing.detail


async def test_kind_tells_the_id_token_from_the_access_tokens(oidc_provider, env):
    tokens = oidc_provider.login(scope="openid email api:read", resource=RESOURCE_RS256)

    id_kind = await check("token.kind", env, token=tokens["id_token"], client_id="wizard-web")
    at_kind = await check("token.kind", env, token=tokens["access_token"], client_id="wizard-web")
    opaque = oidc_provider.login(scope="openid")["access_token"]
    opaque_kind = await check("token.kind", env, token=opaque)

    assert id_kind.facts["token_kind"] == "id" and "nonce" in id_kind.detail
    assert "OpenSearch Dashboards" in id_kind.detail
    assert at_kind.facts["token_kind"] == "access" and "at+jwt" in at_kind.detail
    assert opaque_kind.facts["token_kind"] == "access" and "opaque" in opaque_kind.detail


async def test_claims_of_the_login_id_token(oidc_provider, env):
    full = oidc_provider.login(scope="openid email profile groups")["id_token"]
    bare = oidc_provider.login(scope="openid")["id_token"]

    email = await check("token.claims", env, token=full, expect_claim="email")
    group = await check(
        "token.claims", env, token=full, expect_claim="groups", expect_value="wizard-admins"
    )
    cased = await check(
        "token.claims", env, token=full, expect_claim="preferred_username", expect_value="Alice"
    )
    absent = await check("token.claims", env, token=bare, expect_claim="email")

    assert email.status is Status.PASS and "alice@example.test" in email.detail
    assert group.status is Status.PASS
    assert cased.status is Status.FAIL and "case" in cased.detail
    assert absent.status is Status.FAIL and "'email' scope" in absent.detail


async def test_claims_of_the_user_access_token_for_an_api(oidc_provider, env):
    tokens = oidc_provider.login(
        scope="openid email profile groups api:read", resource=RESOURCE_RS256
    )
    token = tokens["access_token"]

    groups = await check(
        "token.claims", env, token=token, expect_claim="groups", expect_value="wizard-users"
    )
    email = await check("token.claims", env, token=token, expect_claim="email")
    audience = await check("token.audience", env, token=token, audience=RESOURCE_RS256)

    assert groups.status is Status.PASS, groups.detail
    # The provider puts groups and preferred_username into API tokens, never email.
    assert email.status is Status.FAIL
    assert "Access tokens rarely carry profile claims" in email.detail
    assert 'preferred_username "alice"' in email.detail
    assert audience.status is Status.PASS


# --- userinfo.request -------------------------------------------------------------------------


async def test_userinfo_accepts_the_login_access_token_and_compares_sub(oidc_provider, env):
    tokens = oidc_provider.login(scope="openid email profile groups", user="bob")

    result = await check(
        "userinfo.request",
        env,
        token=tokens["access_token"],
        id_token=tokens["id_token"],
        issuer=oidc_provider.issuer,
    )

    assert result.status is Status.PASS, result.detail
    assert "sub 'bob' matches the ID token" in result.detail
    assert result.evidence["url"] == oidc_provider.discovery["userinfo_endpoint"]
    assert_secret_free(result, tokens["access_token"], tokens["id_token"])


async def test_userinfo_catches_tokens_of_two_different_logins(oidc_provider, env):
    alice = oidc_provider.login(user="alice")
    bob = oidc_provider.login(user="bob")

    result = await check(
        "userinfo.request",
        env,
        token=alice["access_token"],
        id_token=bob["id_token"],
        issuer=oidc_provider.issuer,
    )

    assert result.status is Status.FAIL
    assert "'alice'" in result.detail and "'bob'" in result.detail


async def test_userinfo_without_openid_is_insufficient_scope_403(oidc_provider, env):
    tokens = oidc_provider.login(scope="email profile")

    result = await check(
        "userinfo.request", env, token=tokens["access_token"], issuer=oidc_provider.issuer
    )

    assert result.status is Status.FAIL
    assert result.evidence["status"] == 403
    assert "insufficient_scope" in result.detail and "scope needed: 'openid'" in result.detail
    assert "openid" in result.fix


async def test_userinfo_refuses_garbage_as_invalid_token_401(oidc_provider, env):
    garbage = "not-a-token-the-provider-issued"

    result = await check("userinfo.request", env, token=garbage, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL
    assert result.evidence["status"] == 401
    assert "invalid_token" in result.detail
    assert garbage not in json.dumps(result.to_dict())


async def test_userinfo_refusing_an_id_token_says_it_was_an_id_token(oidc_provider, env):
    id_token = oidc_provider.login()["id_token"]

    result = await check("userinfo.request", env, token=id_token, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL and result.evidence["status"] == 401
    assert "The token sent is an ID token" in result.fix


async def test_userinfo_refusing_an_api_token_says_what_it_was_issued_for(oidc_provider, env):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_RS256)

    result = await check("userinfo.request", env, token=token, issuer=oidc_provider.issuer)

    assert result.status is Status.FAIL and result.evidence["status"] == 401
    assert RESOURCE_RS256 in result.fix and "openid" in result.fix


# --- introspection.request --------------------------------------------------------------------


async def test_introspection_reports_an_opaque_token_active(oidc_provider, env):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_OPAQUE)

    result = await check(
        "introspection.request",
        env,
        token=token,
        client_id=oidc_provider.machine_client_id,
        client_secret=oidc_provider.machine_client_secret,
        issuer=oidc_provider.issuer,
    )

    assert result.status is Status.PASS, result.detail
    assert "active: true" in result.detail
    assert RESOURCE_OPAQUE in result.detail and "'wizard-machine'" in result.detail
    assert_secret_free(result, token, oidc_provider.machine_client_secret)


async def test_introspection_of_a_login_token_leaves_out_what_is_absent(oidc_provider, env):
    token = oidc_provider.login(scope="openid email")["access_token"]

    result = await check(
        "introspection.request",
        env,
        token=token,
        client_id=oidc_provider.web_client_id,
        client_secret=oidc_provider.web_client_secret,
        issuer=oidc_provider.issuer,
    )

    assert result.status is Status.PASS, result.detail
    assert "scope 'openid email'" in result.detail
    assert "None" not in result.detail


async def test_introspection_reports_a_revoked_token_inactive(oidc_provider, env):
    token = oidc_provider.login(scope="openid")["access_token"]
    assert oidc_provider.revoke(token).status_code == 200

    result = await check(
        "introspection.request",
        env,
        token=token,
        client_id=oidc_provider.web_client_id,
        client_secret=oidc_provider.web_client_secret,
        issuer=oidc_provider.issuer,
    )

    assert result.status is Status.FAIL
    assert "active: false" in result.detail and "revoked" in result.detail


async def test_introspection_says_the_provider_refuses_to_introspect_a_jwt(oidc_provider, env):
    token = oidc_provider.client_credentials_token(alg="ES256")

    result = await check(
        "introspection.request",
        env,
        token=token,
        client_id=oidc_provider.machine_client_id,
        client_secret=oidc_provider.machine_client_secret,
        issuer=oidc_provider.issuer,
    )

    # Not the token's fault: the provider does not introspect JWTs; the signature is checked
    # locally instead.
    assert result.status is Status.WARN, result.detail
    assert "refuses to introspect JWT" in result.detail
    assert "unsupported_token_type" in result.detail
    assert "token signature" in result.detail  # names the card that checks it locally


async def test_a_refresh_token_introspects_active_but_userinfo_refuses_it(oidc_provider, env):
    tokens = oidc_provider.login(scope="openid")
    credentials = {
        "client_id": oidc_provider.web_client_id,
        "client_secret": oidc_provider.web_client_secret,
        "issuer": oidc_provider.issuer,
    }

    refresh = await check(
        "introspection.request", env, token=tokens["refresh_token"], **credentials
    )
    access = await check("introspection.request", env, token=tokens["access_token"], **credentials)
    userinfo = await check(
        "userinfo.request", env, token=tokens["refresh_token"], issuer=oidc_provider.issuer
    )

    # This provider names no token_type for a refresh token (RFC 7662 has none for it), so
    # introspection alone cannot tell it from an access token; the detail shows what it has.
    assert refresh.status is Status.PASS and "token_type" not in refresh.detail
    assert access.status is Status.PASS and "token_type 'Bearer'" in access.detail
    assert userinfo.status is Status.FAIL and userinfo.evidence["status"] == 401
    assert_secret_free(refresh, tokens["refresh_token"])


async def test_introspection_with_a_wrong_client_secret_is_refused(oidc_provider, env):
    token = oidc_provider.client_credentials_token(resource=RESOURCE_OPAQUE)

    result = await check(
        "introspection.request",
        env,
        token=token,
        client_id=oidc_provider.web_client_id,
        client_secret="wrong-secret-for-the-test",
        issuer=oidc_provider.issuer,
    )

    assert result.status is Status.FAIL
    assert "invalid_client" in result.detail and "'wizard-web'" in result.detail
    assert_secret_free(result, token, "wrong-secret-for-the-test")


# --- the whole catalog at once ----------------------------------------------------------------


async def test_batch_on_a_login_gives_no_failure(oidc_provider, env):
    tokens = oidc_provider.login(scope="openid email profile groups")
    facts = {
        "token": tokens["access_token"],
        "id_token": tokens["id_token"],
        "issuer": oidc_provider.issuer,
        "client_id": oidc_provider.web_client_id,
        "client_secret": oidc_provider.web_client_secret,
    }

    results = await run_all(facts, env, requested=["userinfo.request", "introspection.request"])

    statuses = {result.id: result.status for result in results}
    assert statuses["userinfo.request"] is Status.PASS
    assert statuses["introspection.request"] is Status.PASS
    assert statuses["discovery.document"] is Status.PASS
    assert not [r.id for r in results if r.status in (Status.FAIL, Status.ERROR)]


async def test_batch_on_a_resource_jwt_verifies_it_and_checks_the_audience(oidc_provider, env):
    token = oidc_provider.client_credentials_token(alg="ES256")
    facts = {"token": token, "issuer": oidc_provider.issuer, "audience": RESOURCE_RS256}

    results = {r.id: r for r in await run_all(facts, env)}

    assert results["token.signature"].status is Status.PASS
    assert results["token.issuer"].status is Status.PASS
    assert results["token.audience"].status is Status.FAIL
    assert results["token.kind"].facts["token_kind"] == "access"
    assert results["userinfo.request"].status is Status.SKIP  # sends the token: on request only
