"""The "Small rules": sanitized signatures, a doubled Bearer scheme, token sizes."""

from __future__ import annotations

from tests.flows.cases import generic_access
from tests.flows.world import NOW
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.tokens import parse_token
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status


async def run(check_id: str, offline: bool = True, **inputs: str) -> CheckResult:
    env = CheckEnvironment(options=CheckOptions(offline=offline, timeout=1.0), clock=lambda: NOW)
    try:
        return await run_one(CheckRun(check_id, load_registry()[check_id], inputs), env)
    finally:
        await env.aclose()


def sanitized(mask: str) -> str:
    head, payload, _signature = generic_access().split(".")
    return f"{head}.{payload}.{mask}"


async def test_a_sanitized_signature_is_read_and_reported_removed():
    for mask in ("", "redacted", "[REDACTED]", "***"):
        token = sanitized(mask)
        assert parse_token(token).signature_removed, mask
        found = await run("token.format", token=token)
        assert found.status is Status.PASS
        assert "signature was removed" in found.detail
        # Online: token.signature skips with the reason, before fetching any key.
        signature = await run("token.signature", offline=False, token=token)
        assert signature.status is Status.SKIP and "removed" in signature.detail


def test_a_real_signature_is_not_taken_for_a_mask():
    assert not parse_token(generic_access()).signature_removed


async def test_a_doubled_bearer_scheme_is_said_to_be_the_clients_bug():
    found = await run("token.format", token="Bearer Bearer " + generic_access())
    assert found.status is Status.WARN
    assert "Bearer Bearer" in found.detail and "once" in found.fix
    single = await run("token.format", token="Bearer " + generic_access())
    assert single.status is Status.PASS


async def test_token_size_against_the_header_and_cookie_limits():
    small = await run("token.size", token=generic_access())
    assert small.status is Status.PASS
    big_token = generic_access(groups=[f"group-{n:04d}" for n in range(800)])
    big = await run("token.size", token=big_token)
    assert big.status is Status.FAIL and "8 KB" in big.detail
    assert big.evidence["token_bytes"] == len(big_token)
    half = generic_access(groups=[f"group-{n:04d}" for n in range(200)])
    cookie = await run("token.size", token=generic_access(), id_token=half, refresh_token=half)
    assert cookie.status is Status.FAIL and "4 KB" in cookie.detail
    assert big_token not in big.detail + big.fix + str(big.evidence)


def test_roles_key_brackets_mean_not_configured_not_a_missing_claim():
    from wizard.core.ingest import recognise_messages as recognise_log_line

    line = "Failed to get roles from JWT claims with roles_key '[]'. Check if this key is correct"
    found = recognise_log_line(line)
    assert found and "not configured" in found[0].explanation
    named = recognise_log_line(line.replace("'[]'", "'groups'"))
    assert "no claim 'groups'" in named[0].explanation


def test_an_unsigned_token_is_not_taken_for_a_sanitized_one():
    import jwt

    unsigned = jwt.encode({"iss": "https://idp.example"}, key=None, algorithm="none")
    assert unsigned.endswith(".") and not parse_token(unsigned).signature_removed
