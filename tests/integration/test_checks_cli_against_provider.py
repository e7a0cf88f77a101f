"""`wizard check --json` as a user runs it, on tokens a real OpenID Provider issued.

A separate process per call, so this covers argument parsing, the two rounds of the batch,
the JSON report, exit codes and the scrubbing of secrets from what is printed.
"""

from __future__ import annotations

import base64
import json
import time

from tests.commands.test_check_cli import wizard

from .oidc import RESOURCE_ES256, RESOURCE_RS256


def report_of(process) -> tuple[dict, dict[str, dict]]:
    assert process.returncode in (0, 1), process.stderr
    report = json.loads(process.stdout)
    return report, {result["id"]: result for result in report["results"]}


def assert_not_printed(process, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in process.stdout and secret not in process.stderr
        assert secret.split(".")[-1] not in process.stdout


def test_a_good_rs256_resource_token_passes_every_check_that_applies(oidc_provider):
    token = oidc_provider.client_credentials_token(alg="RS256")

    process = wizard(
        "--json",
        "--token",
        token,
        "--issuer",
        oidc_provider.issuer,
        "--audience",
        RESOURCE_RS256,
        "--scope",
        "api:read",
    )

    report, results = report_of(process)
    assert process.returncode == 0, [r for r in results.values() if r["status"] == "fail"]
    for check_id in (
        "token.format",
        "token.alg",
        "token.issuer",
        "token.audience",
        "token.lifetime",
        "token.scopes",
        "discovery.document",
        "jwks.keys",
        "clock.skew",
        "token.signature",
    ):
        assert results[check_id]["status"] == "pass", (check_id, results[check_id]["detail"])
    assert results["token.kind"]["status"] == "pass" and "at+jwt" in results["token.kind"]["detail"]
    assert report["notes"] == []  # the issuer was given, so none is guessed
    assert_not_printed(process, token)


def test_an_es256_token_for_another_api_fails_on_the_audience_alone(oidc_provider):
    token = oidc_provider.client_credentials_token(alg="ES256")

    process = wizard(
        "--json", token, "--audience", RESOURCE_RS256, "--issuer", oidc_provider.issuer
    )

    report, results = report_of(process)
    assert process.returncode == 1
    assert results["token.audience"]["status"] == "fail"
    assert RESOURCE_ES256 in results["token.audience"]["detail"]
    assert results["token.signature"]["status"] == "pass"
    assert "ES256" in results["token.signature"]["detail"]
    assert [r["id"] for r in report["results"] if r["status"] == "fail"] == ["token.audience"]


def test_a_tampered_token_fails_the_signature(oidc_provider):
    token = oidc_provider.client_credentials_token(alg="RS256")
    header, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["aud"] = RESOURCE_ES256
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    forged = f"{header}.{forged_body}.{signature}"

    process = wizard("--json", forged, "--issuer", oidc_provider.issuer)

    _report, results = report_of(process)
    assert process.returncode == 1
    assert results["token.signature"]["status"] == "fail"
    assert "does NOT verify" in results["token.signature"]["detail"]
    assert_not_printed(process, forged)


def test_an_expired_token_minted_by_the_provider_fails_the_lifetime_only(oidc_provider):
    now = int(time.time())
    claims = {"iss": oidc_provider.issuer, "aud": RESOURCE_RS256, "sub": "alice"}
    token = oidc_provider.signing_keys.mint({**claims, "iat": now - 7200, "exp": now - 3600})

    process = wizard("--json", token, "--issuer", oidc_provider.issuer)

    report, results = report_of(process)
    assert results["token.lifetime"]["status"] == "fail"
    assert "expired 1 h ago" in results["token.lifetime"]["detail"]
    assert results["token.signature"]["status"] == "pass"
    assert [r["id"] for r in report["results"] if r["status"] == "fail"] == ["token.lifetime"]


def test_a_trailing_slash_on_the_issuer_is_explained_by_the_token_and_discovery(oidc_provider):
    token = oidc_provider.client_credentials_token()

    process = wizard("--json", token, "--issuer", oidc_provider.issuer + "/")

    _report, results = report_of(process)
    assert process.returncode == 1
    for check_id in ("token.issuer", "discovery.document"):
        assert results[check_id]["status"] == "fail"
        assert "trailing slash" in results[check_id]["detail"]
        assert repr(oidc_provider.issuer) in results[check_id]["fix"]


def test_a_login_passes_userinfo_and_introspection_without_printing_secrets(oidc_provider):
    tokens = oidc_provider.login(scope="openid email profile groups")

    process = wizard(
        "--json",
        # An opaque token may start with '-': glued to its flag, it is not read as an option.
        f"--token={tokens['access_token']}",
        "--id-token",
        tokens["id_token"],
        "--issuer",
        oidc_provider.issuer,
        "--client-id",
        oidc_provider.web_client_id,
        "--userinfo",
        "--introspect",
        extra_env={"WIZARD_CLIENT_SECRET": oidc_provider.web_client_secret},
    )

    report, results = report_of(process)
    assert process.returncode == 0, [r for r in results.values() if r["status"] == "fail"]
    assert results["userinfo.request"]["status"] == "pass"
    assert "sub 'alice' matches the ID token" in results["userinfo.request"]["detail"]
    assert results["introspection.request"]["status"] == "pass"
    assert "active: true" in results["introspection.request"]["detail"]
    assert results["token.format"]["status"] == "warn"  # an opaque access token
    assert report["summary"]["fail"] == 0 and report["summary"]["error"] == 0
    assert_not_printed(
        process, tokens["access_token"], tokens["id_token"], oidc_provider.web_client_secret
    )


def test_userinfo_without_openid_reports_the_403_and_the_missing_scope(oidc_provider):
    tokens = oidc_provider.login(scope="email profile")

    process = wizard(
        "--json",
        f"--token={tokens['access_token']}",
        "--issuer",
        oidc_provider.issuer,
        "--userinfo",
    )

    _report, results = report_of(process)
    userinfo = results["userinfo.request"]
    assert process.returncode == 1
    assert userinfo["status"] == "fail" and userinfo["evidence"]["status"] == 403
    assert "insufficient_scope" in userinfo["detail"] and "'openid'" in userinfo["detail"]


def test_introspecting_a_jwt_says_the_provider_refuses_and_is_not_a_failure(oidc_provider):
    token = oidc_provider.client_credentials_token(alg="RS256")

    process = wizard(
        "--json",
        token,
        "--issuer",
        oidc_provider.issuer,
        "--client-id",
        oidc_provider.machine_client_id,
        "--introspect",
        extra_env={"WIZARD_CLIENT_SECRET": oidc_provider.machine_client_secret},
    )

    _report, results = report_of(process)
    introspection = results["introspection.request"]
    assert introspection["status"] == "warn"
    assert "refuses to introspect JWT" in introspection["detail"]
    assert process.returncode == 0
