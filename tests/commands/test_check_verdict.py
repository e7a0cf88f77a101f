"""`wizard check`'s exit code and summary line a script can trust: a warn a service provider
rejects fails the run, and an unverified signature is said, with the reason."""

from __future__ import annotations

import json
import socket

import jwt

from tests.commands.test_check_cli import assert_secret_free, wizard
from tests.core.net.loopback import issuer

__all__ = ["issuer"]  # the fixture, re-exported for pytest


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def last_line(process) -> str:
    return process.stdout.strip().splitlines()[-1]


def test_an_id_token_sent_to_an_api_exits_1_though_it_only_warns(issuer):
    # OIDC Core 2: an ID token's aud is the client; an API wants an access token (RFC 9068).
    token = issuer.mint(aud="client-1", nonce="n-1", azp="client-1")
    process = wizard("--json", "--issuer", issuer.issuer, "--audience", "api://orders", token)
    report = json.loads(process.stdout)
    statuses = {r["id"]: r["status"] for r in report["results"]}
    assert statuses["token.kind"] == "warn"
    assert "token.kind" in report["findings"]
    assert process.returncode == 1, report
    assert_secret_free(process, token)


def test_hs256_at_an_rs256_issuer_exits_1():
    # RFC 8725 3.1: an API pins its algorithms; an HS256 token is not one it verifies.
    claims = {"iss": "https://idp.example.test", "sub": "u", "aud": "api", "exp": 4102444800}
    token = jwt.encode(claims, "a-shared-secret-of-32-bytes-long!", algorithm="HS256")
    process = wizard("--offline", "--json", token)
    report = json.loads(process.stdout)
    assert {r["id"]: r["status"] for r in report["results"]}["token.alg"] == "warn"
    assert process.returncode == 1, report


def test_a_clean_token_whose_signature_verified_exits_0_and_says_nothing_more(issuer):
    process = wizard("--issuer", issuer.issuer, issuer.mint())
    assert process.returncode == 0, process.stdout
    assert "signature" not in last_line(process)


def test_offline_the_summary_says_the_signature_was_not_verified_and_why(issuer):
    process = wizard("--offline", "--issuer", issuer.issuer, issuer.mint())
    assert "signature not verified" in last_line(process)
    assert "--offline" in last_line(process)
    report = json.loads(wizard("--offline", "--json", issuer.mint()).stdout)
    assert "--offline" in report["signature_not_verified"]


def test_jwks_unreachable_is_named_in_the_summary(issuer):
    gone = f"http://127.0.0.1:{closed_port()}"
    process = wizard("--issuer", gone, issuer.mint(iss=gone))
    assert "signature not verified" in last_line(process)
    assert "could not be fetched" in last_line(process)


def test_an_issuer_taken_from_the_token_is_named_as_unconfirmed(issuer):
    # No --issuer: the token's own iss (plain http here) is no issuer anyone confirmed.
    process = wizard(issuer.mint())
    line = last_line(process)
    assert "signature not verified" in line and "token's own iss" in line and "--issuer" in line
    assert process.returncode == 1  # the JWKS and discovery checks could not run: errors


def test_the_fixes_are_ranked_fails_before_warns():
    # Expired (RFC 7519 4.1.4) and an ID token at an API: the fail's fix comes first.
    claims = {"iss": "https://idp.example.test", "sub": "u", "aud": "c", "nonce": "n", "exp": 1000}
    token = jwt.encode(claims, "a-shared-secret-of-32-bytes-long!", algorithm="HS256")
    process = wizard("--offline", "--audience", "api://orders", token)
    fixes = process.stdout.split("What to do:")[1].strip().splitlines()
    symbols = [line.strip()[0] for line in fixes if line.strip()[:1] in ("✗", "!")]
    assert symbols == sorted(symbols, key=lambda s: s != "✗") and symbols[0] == "✗"
