"""Hostile keys and headers: forged, confused or pointing elsewhere; never trusted, never fetched.

Keys come only from the issuer's jwks_uri. A second loopback server plays the attacker: it
serves its own key set, and the tests assert it never received a single request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
from cryptography.hazmat.primitives import serialization

from tests.core.net.loopback import Reply
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_checks, run_one
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status
from wizard.demo.keys import SigningKey


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_for(issuer) -> dict:
    return {"iss": issuer.issuer, "sub": "admin", "aud": "api://default", "exp": 4_000_000_000}


async def run(check_id: str, **inputs: str) -> CheckResult:
    env = CheckEnvironment(CheckOptions(timeout=5.0))
    try:
        return await run_one(CheckRun(check_id, load_registry()[check_id], inputs), env)
    finally:
        await env.aclose()


async def run_every_check(token: str, issuer_url: str) -> list[CheckResult]:
    """The whole registry on one token, as `wizard check` would run it."""
    env = CheckEnvironment(CheckOptions(timeout=5.0))
    inputs = {"token": token, "id_token": token, "access_token": token, "issuer": issuer_url}
    runs = [CheckRun(spec.id, spec, inputs) for spec in load_registry().values()]
    try:
        return [result for _key, result in await run_checks(runs, env)]
    finally:
        await env.aclose()


def attacker_key() -> tuple[SigningKey, dict]:
    # A key of its own (no other key of the process equals it), under the issuer's kid.
    key = SigningKey.generate("rsa", "rsa-1")
    return key, key.public_jwk()


# --- unsigned and key confusion ---------------------------------------------------------------


async def test_an_unsigned_token_fails_the_signature_and_alg_checks(issuer):
    header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    token = f"{header}.{b64(json.dumps(claims_for(issuer)).encode())}."
    signature = await run("token.signature", token=token, issuer=issuer.issuer)
    assert signature.status is Status.FAIL
    assert signature.detail.startswith("The token is not signed (alg 'none'): anyone can forge")
    alg = await run("token.alg", token=token)
    assert alg.status is Status.FAIL


async def test_hs256_signed_with_the_issuers_public_key_is_never_verified(issuer):
    # Key confusion (RFC 8725 section 2.1): the public PEM used as an HMAC secret.
    pem = issuer.rsa_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64(json.dumps({"alg": "HS256", "kid": "rsa-1", "jku": "x"}).encode())
    payload = b64(json.dumps(claims_for(issuer)).encode())
    mac = hmac.new(pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    token = f"{header}.{payload}.{b64(mac)}"
    result = await run("token.signature", token=token, issuer=issuer.issuer)
    assert result.status is not Status.PASS
    assert "signed with a shared secret (HS256)" in result.detail
    assert "carries jku header(s); they were not followed" in result.detail
    assert "{ignored}" not in result.detail
    for result in await run_every_check(token, issuer.issuer):
        assert result.status is not Status.PASS or result.id != "token.signature"


# --- headers that point at keys ---------------------------------------------------------------


@pytest.mark.parametrize("pointer", ["jku", "x5u", "jwk"])
async def test_a_key_pointer_header_is_reported_and_never_fetched(issuer, serve, pointer):
    key, jwk = attacker_key()
    attacker = serve({"/keys": lambda r: Reply(200, {"keys": [jwk]})})
    value = {"jku": attacker.url("/keys"), "x5u": attacker.url("/cert.pem"), "jwk": jwk}[pointer]
    token = key.sign(claims_for(issuer), {pointer: value})
    result = await run("token.signature", token=token, issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert result.detail.startswith("The signature does NOT verify with the keys at")
    assert f"carries {pointer} header(s); they were not followed" in result.detail
    assert result.evidence["ignored_headers"] == [pointer]
    await run_every_check(token, issuer.issuer)
    assert attacker.requests == []


# --- which key ---------------------------------------------------------------------------------


async def test_an_unknown_kid_names_the_kid_and_the_known_ones(issuer):
    token = issuer.mint(headers={"kid": "rotated-2019"})
    result = await run("token.signature", token=token, issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "no key with kid 'rotated-2019' in the JWKS" in result.detail
    assert "'rsa-1', 'ec-1'" in result.detail and "[" not in result.detail


async def test_duplicated_kids_are_each_tried_and_reported(issuer):
    _other, impostor = attacker_key()
    genuine = issuer.jwks()["keys"][0]
    issuer.server.routes["/jwks"] = lambda r: Reply(200, {"keys": [impostor, genuine]})
    token = issuer.mint()
    signature = await run("token.signature", token=token, issuer=issuer.issuer)
    assert signature.status is Status.PASS, signature.detail  # the second rsa-1 verifies
    keys = await run("jwks.keys", token=token, issuer=issuer.issuer)
    assert keys.status is Status.WARN
    assert "duplicate kids: rsa-1 (verifiers may pick the wrong one)" in keys.detail


async def test_duplicated_kids_none_of_which_verifies_fail_naming_each_try(issuer):
    _one, first = attacker_key()
    _two, second = attacker_key()
    issuer.server.routes["/jwks"] = lambda r: Reply(200, {"keys": [first, second]})
    result = await run("token.signature", token=issuer.mint(), issuer=issuer.issuer)
    assert result.status is Status.FAIL
    assert "(tried kid rsa-1, rsa-1)" in result.detail
