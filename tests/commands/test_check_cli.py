"""`wizard check` as a user runs it: a real process, real loopback servers, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import user_environment
from tests.core.checks.test_endpoint_checks import SEED_001
from tests.core.net.loopback import Reply, basic_credentials, issuer, serve

__all__ = ["issuer", "serve"]  # the fixtures, re-exported for pytest

ROOT = Path(__file__).resolve().parents[2]
RESULT_KEYS = {"id", "status", "title", "detail", "fix", "evidence", "refs"}


def wizard(*args: str, stdin: str | None = None, extra_env: dict | None = None):
    env = user_environment(proxies=False)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "wizard", "check", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def assert_secret_free(process, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in process.stdout and secret not in process.stderr


@pytest.mark.slow
def test_offline_seed_case_fails_on_the_auth0_audience_without_showing_the_token():
    process = wizard("--offline", SEED_001)
    assert process.returncode == 1, process.stderr
    assert "✗ auth0.userinfo" in process.stdout
    assert "openid" in process.stdout
    assert "token's own iss https://monrifnet-test.eu.auth0.com/" in process.stdout
    # offline, discovery is skipped: counted, not listed, unless --all
    assert "- discovery.document" not in process.stdout and "--all lists them" in process.stdout
    assert "- token.signature" in process.stdout  # an unverified signature is always said
    assert_secret_free(process, SEED_001, SEED_001.split(".")[2])
    everything = wizard("--offline", "--all", SEED_001)
    assert "- discovery.document" in everything.stdout


@pytest.mark.slow
def test_json_output_has_the_documented_shape():
    process = wizard("--offline", "--json", "--token", SEED_001)
    report = json.loads(process.stdout)
    assert report["provider"] == "auth0"
    assert report["results"], "no results"
    for result in report["results"]:
        assert set(result) == RESULT_KEYS
    assert sum(report["summary"].values()) == len(report["results"])
    assert set(report["summary"]) == {"pass", "warn", "fail", "skip", "error"}
    statuses = {r["id"]: r["status"] for r in report["results"]}
    assert statuses["auth0.userinfo"] == "fail"
    assert statuses["userinfo.request"] == "skip"


def test_offline_does_not_import_the_network_stack_or_the_ui():
    process = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wizard", "check", "--offline", SEED_001],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in process.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "wizard.core.checks.batch" in imported  # the measurement itself worked
    assert not {name for name in imported if name.split(".")[0] in ("httpx", "textual")}


@pytest.mark.slow
def test_token_from_stdin_and_the_issuer_checks_pass(issuer):
    token = issuer.mint()
    process = wizard("--json", "--issuer", issuer.issuer, "--token", "-", stdin=token + "\n")
    report = json.loads(process.stdout)
    statuses = {r["id"]: r["status"] for r in report["results"]}
    for check_id in ("discovery.document", "jwks.keys", "clock.skew", "token.signature"):
        assert statuses[check_id] == "pass", report
    assert report["notes"] == []
    assert process.returncode == 0, report
    assert issuer.server.count("/.well-known/openid-configuration") == 1
    assert_secret_free(process, token)


@pytest.mark.slow
def test_userinfo_rejection_exits_1_with_the_reason(issuer):
    challenge = 'Bearer error="invalid_token", error_description="expired"'
    issuer.server.routes["/userinfo"] = lambda r: Reply(401, b"", {"WWW-Authenticate": challenge})
    token = issuer.mint()
    process = wizard("--userinfo", "--issuer", issuer.issuer, token)
    assert process.returncode == 1
    assert "✗ userinfo.request" in process.stdout and "invalid_token" in process.stdout
    assert "What to do:" in process.stdout
    assert_secret_free(process, token)


@pytest.mark.slow
def test_introspection_secret_comes_from_the_environment_and_never_shows(issuer):
    def introspect(request):
        if basic_credentials(request) != ("client-1", "env-secret-value"):
            return Reply(401, {"error": "invalid_client"})
        return Reply(200, {"active": True, "aud": "api://default", "client_id": "client-1"})

    issuer.server.routes["/introspect"] = introspect
    token = issuer.mint()
    process = wizard(
        "--introspect",
        "--issuer",
        issuer.issuer,
        "--client-id",
        "client-1",
        "--json",
        token,
        extra_env={"WIZARD_CLIENT_SECRET": "env-secret-value"},
    )
    statuses = {r["id"]: r["status"] for r in json.loads(process.stdout)["results"]}
    assert statuses["introspection.request"] == "pass"
    assert_secret_free(process, token, "env-secret-value")


@pytest.mark.slow
def test_okta_system_log_through_the_cli(serve):
    events = [
        {
            "eventType": "app.oauth2.token.grant.id_token",
            "outcome": {"result": "SUCCESS"},
            "published": "2026-11-23T09:00:00.000Z",
            "target": [{"id": "0oa1"}],
        }
    ]

    def logs(request):
        ok = request.headers.get("authorization") == "SSWS okta-secret-token"
        return Reply(200, events) if ok else Reply(401, {})

    server = serve({"/api/v1/logs": logs})
    process = wizard(
        "--okta-domain",
        server.base,
        "--client-id",
        "0oa1",
        "--since",
        "2d",
        extra_env={"WIZARD_OKTA_API_TOKEN": "okta-secret-token"},
    )
    assert "✓ okta.system_log" in process.stdout, process.stdout
    assert_secret_free(process, "okta-secret-token")


@pytest.mark.slow
def test_plain_http_issuer_is_refused_as_an_error_result():
    process = wizard("--issuer", "http://idp.example.com", "--json")
    statuses = {r["id"]: r for r in json.loads(process.stdout)["results"]}
    assert statuses["discovery.document"]["status"] == "error"
    assert "--allow-http" in statuses["discovery.document"]["detail"]
    assert process.returncode == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["--token-file", "/nonexistent/token.txt"],
            "--token-file /nonexistent/token.txt: no such file",
        ),
        ([SEED_001, "--token", SEED_001], "give the token once"),
        ([], "nothing to check"),
        (["--resource-header", "X-Token", SEED_001], "--resource-header needs --resource"),
        (["--okta-domain", "https://dev-1.okta.com"], "go together"),
        (["--timeout", "0", SEED_001], "--timeout: must be a positive"),
        (["--ca-bundle", "/nonexistent.pem", SEED_001], "--ca-bundle"),
        (["--timeout", "soon", SEED_001], "not a number of seconds"),
    ],
)
def test_unusable_arguments_exit_2_with_one_clear_line(args, words):
    process = wizard(*args)
    assert process.returncode == 2
    assert words in process.stderr
    assert "Traceback" not in process.stderr
    assert_secret_free(process, SEED_001)


def test_empty_stdin_is_unusable_input():
    process = wizard("--token", "-", stdin="")
    assert process.returncode == 2 and "nothing was read" in process.stderr
