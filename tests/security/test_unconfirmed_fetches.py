"""Attacks by a forged token's `iss`: where the wizard goes for an issuer nobody confirmed.

A token's claims are the attacker's words. Its `iss` may name loopback, the cloud metadata
address or an internal host, with a path and query of its choosing; discovery and JWKS for
such an issuer go only to public https hosts, on a narrowed URL, and carry no credential.
"""

from __future__ import annotations

import json

import pytest

from tests.core.net.loopback import Reply
from tests.security.conftest import assert_clean_exit, wizard_cli
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.net import policy
from wizard.core.net.fetch import NetworkProblem, fetch
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import Status

ISSUER_CHECKS = ("discovery.document", "jwks.keys", "clock.skew", "token.signature")
# Each is an `iss` a forged token may carry; none may be fetched.
HOSTILE_ISSUERS = [
    "http://127.0.0.1:{port}/admin?delete=all",
    "https://127.0.0.1:{port}/internal",
    "https://localhost:{port}/",
    "https://169.254.169.254/latest/meta-data",
    "https://10.0.0.7/",
    "https://192.168.1.1/",
    "https://[::1]:{port}/",
    "https://[::ffff:127.0.0.1]:{port}/",
    "https://[fe80::1]/",
    "https://0.0.0.0:{port}/",
]


async def run(check_id: str, env: CheckEnvironment, **inputs: str):
    spec = load_registry()[check_id]
    return await run_one(CheckRun(check_id, spec, inputs), env)


@pytest.fixture
async def env():
    environment = CheckEnvironment(options=CheckOptions(timeout=3.0))
    yield environment
    await environment.aclose()


@pytest.mark.parametrize("template", HOSTILE_ISSUERS)
async def test_a_tokens_iss_cannot_aim_the_issuer_checks_inside_the_network(env, issuer, template):
    port = issuer.server.port
    token = issuer.mint(iss=template.format(port=port))
    for check_id in ISSUER_CHECKS:
        result = await run(check_id, env, token=token)
        assert result.status in (Status.ERROR, Status.SKIP), (check_id, result.detail)
        assert "confirmed" in result.detail or "https only" in result.detail, result.detail
    assert issuer.server.requests == []


async def test_the_same_loopback_issuer_given_by_the_user_is_fetched(env, issuer):
    # A confirmed issuer may be anything the user chose, loopback over plain http included.
    token = issuer.mint()
    result = await run("token.signature", env, token=token, issuer=issuer.issuer)
    assert result.status is Status.PASS, result.detail
    assert issuer.server.count("/jwks") == 1


def test_wizard_check_with_no_flags_sends_nothing_where_the_token_points(issuer):
    port = issuer.server.port
    token = issuer.mint(iss=f"http://127.0.0.1:{port}/steal?path=/etc/passwd")
    process = wizard_cli("check", "--json", token)
    assert_clean_exit(process)
    statuses = {r["id"]: r["status"] for r in json.loads(process.stdout)["results"]}
    assert statuses["discovery.document"] == "error"
    assert issuer.server.requests == []


def test_introspection_never_follows_a_forged_discovery_document(issuer):
    # The attacker's discovery lists an introspection endpoint; the client secret must not go.
    token = issuer.mint()
    process = wizard_cli(
        "check",
        "--introspect",
        "--client-id",
        "client-1",
        "--json",
        token,
        extra_env={"WIZARD_CLIENT_SECRET": "very-secret-client-value"},
    )
    assert_clean_exit(process)
    results = {r["id"]: r for r in json.loads(process.stdout)["results"]}
    assert results["introspection.request"]["status"] == "skip"
    assert "nothing was sent" in results["introspection.request"]["detail"]
    assert issuer.server.count("/introspect") == 0
    assert "very-secret-client-value" not in process.stdout + process.stderr


def test_userinfo_never_goes_to_an_endpoint_a_token_chose(issuer):
    token = issuer.mint()
    process = wizard_cli("check", "--userinfo", "--json", token)
    assert_clean_exit(process)
    results = {r["id"]: r for r in json.loads(process.stdout)["results"]}
    assert results["userinfo.request"]["status"] == "skip"
    assert issuer.server.count("/userinfo") == 0


async def test_an_unconfirmed_fetch_refuses_to_carry_a_credential(env, serve):
    server = serve({"/": lambda r: Reply(200, {})})
    with pytest.raises(NetworkProblem, match="nothing was sent"):
        await fetch(env, server.url("/"), headers={"Authorization": "Bearer abc"}, confirmed=False)
    assert server.requests == []


def test_narrowing_drops_userinfo_query_and_fragment():
    narrowed = policy.narrow_url("HTTPS://user:pw@Idp.Example.com:8443/t/a?x=1&y=2#frag")
    assert narrowed == "https://idp.example.com:8443/t/a"
    assert policy.narrow_url("https://[::1]:9/p?q") == "https://[::1]:9/p"


async def test_a_public_address_is_allowed_for_an_unconfirmed_issuer(monkeypatch):
    # DNS cannot be reached here: the resolver is replaced by one answering a public address
    # (documentation range excluded: it is not global), to show the rule lets the web through.
    import asyncio

    loop = asyncio.get_running_loop()

    async def resolve(host, port, **kwargs):
        return [(2, 1, 6, "", ("8.8.8.8", port))]

    monkeypatch.setattr(loop, "getaddrinfo", resolve)
    assert await policy.unconfirmed_url_problem("https://idp.example.com/") is None

    async def resolve_inside(host, port, **kwargs):
        return [(2, 1, 6, "", ("8.8.8.8", port)), (2, 1, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(loop, "getaddrinfo", resolve_inside)
    problem = await policy.unconfirmed_url_problem("https://rebind.example.com/")
    assert problem and "private" in problem
