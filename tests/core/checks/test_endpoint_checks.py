"""The issuer, endpoint and provider checks against real loopback servers."""

from __future__ import annotations

import json
import time
from email.utils import formatdate
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.core.net.loopback import Reply, basic_credentials, issuer, serve
from wizard.core.checks.batch import run_all
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

__all__ = ["issuer", "serve"]  # the fixtures, re-exported for pytest

SEED_001 = (
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6Ik5qRkNPVFV5TnpOQk1qQTJRamt6UkVFMlFqazNRMEkw"
    "UVRCRVJETkNSakEwTnpFNE5rUkNNUSJ9.eyJpc3MiOiJodHRwczovL21vbnJpZm5ldC10ZXN0LmV1LmF1dGgwLmNv"
    "bS8iLCJzdWIiOiJnb29nbGUtb2F1dGgyfDEwNTkwNDk3ODkxNDEyNzc2MTE2MCIsImF1ZCI6Imh0dHBzOi8vbW9u"
    "cmlmbmV0LXRlc3QuZXUuYXV0aDAuY29tL2FwaS92Mi8iLCJhenAiOiJESkhLcmhWWTI5bjM2enVDN3RpVFQ5a3lu"
    "MzQ4bjlmWSIsImV4cCI6MTQ5MTMxNTQxMywiaWF0IjoxNDkxMjI5MDEzfQ.c2lnbmF0dXJl"
)


@pytest.fixture
async def env():
    environment = CheckEnvironment(options=CheckOptions(timeout=3.0))
    yield environment
    await environment.aclose()


async def run(check_id: str, env: CheckEnvironment, **inputs: str | None) -> CheckResult:
    spec = load_registry()[check_id]
    given = {name: value for name, value in inputs.items() if value is not None}
    return await run_one(CheckRun(check_id, spec, given), env)


def assert_no_secret(result: CheckResult, *secrets: str) -> None:
    text = json.dumps(result.to_dict(), default=str)
    for secret in secrets:
        assert secret not in text


# --- discovery, keys, clock -------------------------------------------------------------------


async def test_discovery_passes_and_learns_the_endpoints(env, issuer):
    result = await run("discovery.document", env, issuer=issuer.issuer)
    assert result.status is Status.PASS, result.detail
    assert result.facts["jwks_uri"] == issuer.server.url("/jwks")
    assert result.facts["userinfo_endpoint"] == issuer.server.url("/userinfo")


async def test_discovery_with_a_trailing_slash_mismatch_fails_and_says_why(env, issuer):
    issuer.advertised_issuer = issuer.issuer + "/"
    result = await run("discovery.document", env, issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "trailing slash" in result.detail
    assert result.fix


async def test_discovery_of_a_tokens_own_loopback_iss_is_refused_before_any_request(env, issuer):
    # A token's iss is nobody's confirmation: it may not aim the wizard at loopback.
    result = await run("discovery.document", env, token=issuer.mint())
    assert result.status is Status.ERROR
    assert "nobody confirmed" in result.detail
    assert issuer.server.requests == []


async def test_discovery_skips_without_any_issuer(env):
    result = await run("discovery.document", env, token="opaque-token-value")
    assert result.status is Status.SKIP


async def test_discovery_of_an_html_page_is_an_error_result(env, serve):
    page = Reply(200, "<html>sign in</html>", {"Content-Type": "text/html"})
    server = serve({"/.well-known/openid-configuration": lambda r: page})
    result = await run("discovery.document", env, issuer=server.base)
    assert result.status is Status.ERROR
    assert "HTML" in result.detail


async def test_jwks_finds_the_tokens_kid(env, issuer):
    result = await run("jwks.keys", env, token=issuer.mint("ES256"), issuer=issuer.issuer)
    assert result.status is Status.PASS, result.detail
    assert "'ec-1'" in result.detail


async def test_jwks_fails_on_an_unknown_kid(env, issuer):
    token = issuer.mint(headers={"kid": "rotated-away"})
    result = await run("jwks.keys", env, token=token, issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "rotated-away" in result.detail and "rotated" in result.fix


async def test_clock_skew_warns_when_the_local_clock_is_ahead(issuer):
    env = CheckEnvironment(clock=lambda: time.time() + 600)
    result = await run("clock.skew", env, issuer=issuer.issuer)
    await env.aclose()
    assert result.status is Status.WARN
    assert "ahead of" in result.detail


async def test_clock_skew_passes_with_a_synchronised_clock(env, issuer):
    result = await run("clock.skew", env, issuer=issuer.issuer)
    assert result.status is Status.PASS, result.detail


# --- signature --------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["RS256", "ES256"])
async def test_signature_verifies_with_the_issuers_key(env, issuer, alg):
    token = issuer.mint(alg)
    result = await run("token.signature", env, token=token, issuer=issuer.issuer)
    assert result.status is Status.PASS, result.detail
    assert "as given" in result.detail
    assert_no_secret(result, token, token.split(".")[2])


async def test_signature_of_an_altered_token_fails(env, issuer):
    header, payload, signature = issuer.mint().split(".")
    forged = issuer.mint(sub="admin").split(".")[1]
    token = f"{header}.{forged}.{signature}"
    result = await run("token.signature", env, token=token, issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "NOT verify" in result.detail


async def test_signature_never_follows_a_jku_header(env, issuer, serve):
    trap = serve({"/keys": lambda r: Reply(200, {"keys": []})})
    token = issuer.mint(headers={"jku": trap.url("/keys")})
    result = await run("token.signature", env, token=token, issuer=issuer.issuer)
    assert result.status is Status.PASS
    assert "jku" in result.detail and "not followed" in result.detail
    assert trap.requests == []


async def test_signature_skips_when_the_issuer_is_unreachable(env, serve):
    server = serve()
    gone = server.base
    server.__exit__(None, None, None)
    result = await run("token.signature", env, token=SEED_001, issuer=gone)
    assert result.status is Status.SKIP
    assert "could not be fetched" in result.detail


async def test_signature_fails_on_alg_none(env):
    import jwt

    token = jwt.encode({"iss": "https://idp.example"}, key=None, algorithm="none")
    result = await run("token.signature", env, token=token)
    assert result.status is Status.FAIL


# --- one fetch per session --------------------------------------------------------------------


async def test_discovery_and_jwks_are_fetched_once_across_all_checks(env, issuer):
    facts = {"token": issuer.mint(), "issuer": issuer.issuer}
    results = await run_all(facts, env, requested=["userinfo.request"])
    by_id = {result.id: result for result in results}
    for check_id in ("discovery.document", "jwks.keys", "clock.skew", "token.signature"):
        assert by_id[check_id].status is Status.PASS, by_id[check_id].detail
    assert issuer.server.count("/.well-known/openid-configuration") == 1
    assert issuer.server.count("/jwks") == 1


# --- userinfo ---------------------------------------------------------------------------------


def userinfo_route(issuer, reply: Reply) -> None:
    issuer.server.routes["/userinfo"] = lambda request: reply


async def test_userinfo_200_compares_sub_and_lists_extra_claims(env, issuer):
    userinfo_route(issuer, Reply(200, {"sub": "user-1", "email": "a@example.test"}))
    token = issuer.mint(scope="openid email")
    result = await run(
        "userinfo.request", env, token=token, issuer=issuer.issuer, id_token=issuer.mint()
    )
    assert result.status is Status.PASS, result.detail
    assert "email" in result.detail
    [request] = [r for r in issuer.server.requests if r.path == "/userinfo"]
    assert request.headers["authorization"] == f"Bearer {token}"
    assert_no_secret(result, token)


async def test_userinfo_200_with_another_sub_fails(env, issuer):
    userinfo_route(issuer, Reply(200, {"sub": "someone-else"}))
    result = await run(
        "userinfo.request", env, token=issuer.mint(), issuer=issuer.issuer, id_token=issuer.mint()
    )
    assert result.status is Status.FAIL


async def test_userinfo_empty_object_warns_about_openid(env, issuer):
    userinfo_route(issuer, Reply(200, {}))
    result = await run("userinfo.request", env, token=issuer.mint(), issuer=issuer.issuer)
    assert result.status is Status.WARN
    assert "openid" in result.detail


async def test_userinfo_401_invalid_token_is_explained(env, issuer):
    challenge = 'Bearer error="invalid_token", error_description="The access token expired"'
    userinfo_route(issuer, Reply(401, b"", {"WWW-Authenticate": challenge}))
    result = await run("userinfo.request", env, token=issuer.mint(), issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "invalid_token" in result.detail and "The access token expired" in result.detail


async def test_userinfo_403_insufficient_scope_names_the_scope(env, issuer):
    challenge = 'Bearer error="insufficient_scope", scope="openid"'
    userinfo_route(issuer, Reply(403, b"", {"WWW-Authenticate": challenge}))
    result = await run("userinfo.request", env, token=issuer.mint(), issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "scope needed: 'openid'" in result.detail


async def test_userinfo_auth0_invalid_credentials_points_at_openid(env, serve):
    body = {"error": "unauthorized", "error_description": "invalid credentials"}
    server = serve({"/userinfo": lambda r: Reply(401, body)})
    result = await run(
        "userinfo.request", env, token=SEED_001, userinfo_endpoint=server.url("/userinfo")
    )
    assert result.status is Status.FAIL
    assert "invalid credentials" in result.detail
    assert "https://monrifnet-test.eu.auth0.com/userinfo" in result.fix
    assert "openid" in result.fix


async def test_userinfo_is_not_sent_over_plain_http_to_a_remote_host(env):
    result = await run(
        "userinfo.request", env, token=SEED_001, userinfo_endpoint="http://idp.example.com/userinfo"
    )
    assert result.status is Status.ERROR
    assert "--allow-http" in result.detail


async def test_userinfo_under_insecure_says_tls_was_off(issuer):
    env = CheckEnvironment(options=CheckOptions(insecure=True))
    userinfo_route(issuer, Reply(200, {"sub": "user-1"}))
    result = await run("userinfo.request", env, token=issuer.mint(), issuer=issuer.issuer)
    await env.aclose()
    assert "TLS verification was off" in result.detail
    assert result.evidence["tls_verification"] == "off (--insecure)"


# --- introspection ----------------------------------------------------------------------------


def introspection(active: bool):
    def answer(request):
        if basic_credentials(request) != ("client-1", "s3cret:with/odd chars"):
            return Reply(401, {"error": "invalid_client"}, {"WWW-Authenticate": 'Basic realm="x"'})
        return Reply(
            200,
            {
                "active": active,
                "aud": "api://default",
                "scope": "openid",
                "client_id": "client-1",
                "exp": 2_000_000_000,
            }
            if active
            else {"active": False},
        )

    return answer


@pytest.mark.parametrize(("active", "status"), [(True, Status.PASS), (False, Status.FAIL)])
async def test_introspection_reports_active_and_inactive(env, issuer, active, status):
    issuer.server.routes["/introspect"] = introspection(active)
    token = issuer.mint()
    secret = "s3cret:with/odd chars"
    result = await run(
        "introspection.request",
        env,
        token=token,
        issuer=issuer.issuer,
        client_id="client-1",
        client_secret=secret,
    )
    assert result.status is status, result.detail
    [request] = [r for r in issuer.server.requests if r.path == "/introspect"]
    assert parse_qs(request.body.decode())["token"] == [token]
    assert_no_secret(result, token, secret)
    if active:
        assert "api://default" in result.detail and "2033" in result.detail
    else:
        assert "nothing more" in result.detail


async def test_introspection_with_a_wrong_secret_fails_on_the_client(env, issuer):
    issuer.server.routes["/introspect"] = introspection(True)
    result = await run(
        "introspection.request",
        env,
        token="opaque",
        issuer=issuer.issuer,
        client_id="client-1",
        client_secret="wrong-secret",
    )
    assert result.status is Status.FAIL
    assert "client" in result.detail
    assert_no_secret(result, "wrong-secret")


# --- resource ---------------------------------------------------------------------------------


async def test_resource_basic_challenge_to_a_bearer_call(env, serve):
    server = serve({"/api": lambda r: Reply(401, b"", {"WWW-Authenticate": 'Basic realm="sp"'})})
    result = await run("resource.request", env, token=SEED_001, resource_url=server.url("/api"))
    assert result.status is Status.FAIL
    assert "Basic" in result.detail and "OpenSearch authentication domains" in result.detail
    assert result.facts == {"resource_status": "401", "resource_challenge": "basic"}
    assert server.requests[0].headers["authorization"].startswith("Bearer ")


async def test_resource_403_is_not_an_authentication_problem(env, serve):
    server = serve({"/api": lambda r: Reply(403, {"error": "forbidden"})})
    result = await run("resource.request", env, token=SEED_001, resource_url=server.url("/api"))
    assert result.status is Status.FAIL and "not an authentication problem" in result.detail


async def test_resource_login_redirect_is_recognised_and_not_followed(env, serve):
    login = serve({"/login": lambda r: Reply(200, "<html></html>")})
    server = serve({"/app": lambda r: Reply(302, headers={"Location": login.url("/login")})})
    result = await run("resource.request", env, token=SEED_001, resource_url=server.url("/app"))
    assert result.status is Status.FAIL and "sign-in page" in result.detail
    assert "session cookie" in result.detail
    assert result.facts["resource_answer"] == "sign-in-page"
    assert login.requests == []


async def test_resource_custom_header_carries_the_bare_token(env, serve):
    server = serve({"/api": lambda r: Reply(200, {"ok": True})})
    result = await run(
        "resource.request",
        env,
        token=SEED_001,
        resource_url=server.url("/api"),
        resource_header="X-Api-Token",
    )
    assert result.status is Status.PASS
    assert server.requests[0].headers["x-api-token"] == SEED_001


# --- Okta -------------------------------------------------------------------------------------


def okta_log(events, seen):
    def answer(request):
        seen.append(request)
        if request.headers.get("authorization") != "SSWS okta-api-token-value":
            return Reply(401, {"errorCode": "E0000011"})
        return Reply(200, events)

    return answer


GRANT = {
    "eventType": "app.oauth2.as.token.grant.access_token",
    "outcome": {"result": "SUCCESS"},
    "published": "2026-11-23T10:00:00.000Z",
    "target": [{"id": "client-1"}],
}
DENIED = {
    "eventType": "app.oauth2.as.authorize.scope_denied",
    "outcome": {"result": "FAILURE", "reason": "no matching policy"},
    "target": [{"id": "client-1"}],
}


@pytest.mark.parametrize(
    ("events", "status", "words"),
    [
        ([GRANT], Status.PASS, "1 successful grant"),
        ([DENIED], Status.FAIL, "scopes were denied"),
        ([], Status.FAIL, "no app.oauth2 events"),
    ],
)
async def test_okta_system_log_judges_the_events(env, serve, events, status, words):
    seen: list = []
    server = serve({"/api/v1/logs": okta_log(events, seen)})
    result = await run(
        "okta.system_log",
        env,
        okta_domain=server.base,
        client_id="client-1",
        okta_api_token="okta-api-token-value",
        since="7d",
    )
    assert result.status is status, result.detail
    assert words in result.detail
    query = parse_qs(urlsplit(seen[0].target).query)
    assert query["filter"] == ['eventType sw "app.oauth2" and target.id eq "client-1"']
    assert "since" in query
    assert_no_secret(result, "okta-api-token-value")


async def test_okta_system_log_with_a_bad_api_token_is_an_error(env, serve):
    server = serve({"/api/v1/logs": okta_log([], [])})
    result = await run(
        "okta.system_log", env, okta_domain=server.base, okta_api_token="wrong-okta-token"
    )
    assert result.status is Status.ERROR and "rejected the API token" in result.detail
    assert_no_secret(result, "wrong-okta-token")


async def test_okta_system_log_without_credentials_skips_with_manual_steps(env):
    result = await run("okta.system_log", env, client_id="client-1")
    assert result.status is Status.SKIP and "by hand" in result.detail


async def test_okta_org_server_access_token_is_for_okta_apis_only(env):
    import jwt

    token = jwt.encode(
        {
            "iss": "https://dev-1.okta.com",
            "scp": ["openid"],
            "cid": "c",
            "aud": "https://dev-1.okta.com",
        },
        "k" * 32,
        algorithm="HS256",
    )
    result = await run("okta.server", env, token=token)
    assert result.status is Status.FAIL and "Okta's own APIs" in result.detail
    assert result.facts["okta_server"] == "org"


async def test_okta_custom_server_audience_mismatch(env):
    import jwt

    token = jwt.encode(
        {"iss": "https://dev-1.okta.com/oauth2/default", "scp": ["openid"], "aud": "api://default"},
        "k" * 32,
        algorithm="HS256",
    )
    result = await run("okta.server", env, token=token, audience="https://api.example.test")
    assert result.status is Status.FAIL and result.facts["okta_server"] == "custom"


# --- Auth0 ------------------------------------------------------------------------------------


async def test_auth0_seed_case_is_explained_offline():
    env = CheckEnvironment(options=CheckOptions(offline=True))
    result = await run("auth0.userinfo", env, token=SEED_001)
    assert result.status is Status.FAIL
    assert "https://monrifnet-test.eu.auth0.com/userinfo" in result.detail
    assert "openid" in result.detail and "HS256" in result.detail
    assert "Adding openid to the scope" in result.detail
    assert result.facts["provider"] == "auth0"


@pytest.mark.parametrize(
    ("extra", "told"), [({}, False), ({"https://acme.test/roles": ["a"]}, True)]
)
async def test_auth0_custom_claims_rule_only_for_a_token_with_custom_claims(env, extra, told):
    import jwt

    claims = {"iss": "https://t.auth0.com/", "aud": "https://api", "scope": "email", **extra}
    token = jwt.encode(claims, "k" * 32, algorithm="HS256")
    result = await run("auth0.userinfo", env, token=token)
    assert result.status is Status.FAIL and "openid" in result.fix
    assert ("namespaced" in result.fix) is told


async def test_auth0_with_the_userinfo_audience_passes(env):
    import jwt

    iss = "https://tenant.eu.auth0.com/"
    token = jwt.encode(
        {"iss": iss, "aud": ["https://api", f"{iss}userinfo"], "scope": "openid"},
        "k" * 32,
        algorithm="HS256",
    )
    result = await run("auth0.userinfo", env, token=token)
    assert result.status is Status.PASS


async def test_auth0_hs256_api_with_openid_blames_the_algorithm(env):
    import jwt

    token = jwt.encode(
        {"iss": "https://t.auth0.com/", "aud": "https://api", "scope": "openid"},
        "k" * 32,
        algorithm="HS256",
    )
    result = await run("auth0.userinfo", env, token=token)
    assert result.status is Status.FAIL and "RS256" in result.fix


async def test_clock_skew_reads_the_date_of_the_discovery_answer(env, serve):
    date = formatdate(time.time() - 3600, usegmt=True)

    def discovery(_request):
        return Reply(200, {"issuer": server.base, "jwks_uri": server.url("/j")}, {"Date": date})

    server = serve({"/.well-known/openid-configuration": discovery})
    result = await run("clock.skew", env, issuer=server.base)
    assert result.status is Status.WARN
    assert "ahead of" in result.detail and result.evidence["server_date"] == date


async def test_no_token_goes_to_the_userinfo_of_a_mismatching_discovery(env, issuer):
    issuer.advertised_issuer = "https://elsewhere.example"
    userinfo_route(issuer, Reply(200, {"sub": "user-1"}))
    result = await run("userinfo.request", env, token=issuer.mint(), issuer=issuer.issuer)
    assert result.status is Status.ERROR and "must not be used" in result.detail
    assert issuer.server.count("/userinfo") == 0


async def test_okta_system_log_widens_when_target_id_is_not_the_client_id(env, serve):
    event = {**GRANT, "target": [{"id": "0oa-app-id", "displayName": "client-1"}]}
    seen: list = []

    def logs(request):
        seen.append(request)
        narrow = "target.id" in request.query["filter"]
        return Reply(200, [] if narrow else [event])

    server = serve({"/api/v1/logs": logs})
    result = await run(
        "okta.system_log",
        env,
        okta_domain=server.base,
        client_id="client-1",
        okta_api_token="okta-api-token-value",
    )
    assert result.status is Status.PASS, result.detail
    assert len(seen) == 2


def test_printed_reports_scrub_any_secret_a_check_let_through():
    from wizard.core.checks.batch import report_json, report_text

    leaky = CheckResult("x.y", Status.FAIL, "X", f"saw {SEED_001}", fix=f"use {SEED_001}")
    facts = {"token": f"Bearer {SEED_001}"}
    for text in (report_text([leaky], facts), report_json([leaky], facts)):
        assert SEED_001 not in text and "[secret," in text


async def test_jwks_does_not_blame_the_key_set_for_an_hs256_token(env, issuer):
    import jwt

    token = jwt.encode({"iss": issuer.issuer}, "k" * 32, algorithm="HS256")
    result = await run("jwks.keys", env, token=token, issuer=issuer.issuer)
    assert result.status is Status.PASS
    assert "HS256" in result.detail and "Signing algorithm" in result.detail
