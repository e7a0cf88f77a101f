"""The evidence checks on facts alone: both sides named, times then and now, the challenge."""

from __future__ import annotations

import pytest

from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import Status

NOW = 1_796_000_000.0  # late 2026: long after every time below


async def run(check_id: str, **inputs: str):
    spec = load_registry()[check_id]
    env = CheckEnvironment(options=CheckOptions(offline=True), clock=lambda: NOW)
    return await run_one(CheckRun(check_id, spec, inputs), env)


async def test_audience_names_both_sides_and_the_near_miss():
    result = await run("evidence.audience", token_audience="api://abc", audience="abc")
    assert result.status is Status.FAIL
    assert "'api://abc'" in result.detail and "'abc'" in result.detail
    assert "api:// prefix" in result.detail


async def test_audience_passes_when_one_value_is_expected():
    result = await run("evidence.audience", token_audience="account orders", audience="orders")
    assert result.status is Status.PASS


async def test_issuer_trailing_slash_is_said():
    result = await run("evidence.issuer", token_issuer="https://i/", issuer="https://i")
    assert result.status is Status.FAIL and "trailing slash" in result.detail


async def test_lifetime_says_then_and_now():
    result = await run(
        "evidence.lifetime", token_exp="2025-05-06T16:18:32Z", request_time="2025-05-06T16:18:40Z"
    )
    assert result.status is Status.FAIL
    assert "when the request was made" in result.detail and "still invalid now" in result.detail
    assert "8 s before the request" in result.detail


async def test_lifetime_valid_then_expired_now_passes_and_says_so():
    result = await run(
        "evidence.lifetime", token_exp="2025-05-06T17:18:32Z", request_time="2025-05-06T16:18:40Z"
    )
    assert result.status is Status.PASS
    assert "Not expired when the request was made" in result.detail
    assert "expired now" in result.detail


async def test_lifetime_gives_the_service_clock_against_the_request_time():
    result = await run(
        "evidence.lifetime",
        token_exp="5/6/2025 4:18:32 PM",
        validator_now="5/6/2025 4:25:00 PM",
        request_time="2025-05-06T16:18:40Z",
    )
    assert "6 min ahead of the request time" in result.detail


async def test_lifetime_without_any_time_skips():
    result = await run("evidence.lifetime", token_exp="2025-05-06T16:18:32Z")
    assert result.status is Status.SKIP


@pytest.mark.parametrize(
    ("inputs", "status", "words"),
    [
        ({"challenge_scheme": "bearer", "status": "401"}, Status.FAIL, "saw no token"),
        ({"challenge_scheme": "basic", "auth_scheme": "Bearer"}, Status.FAIL, "Basic challenge"),
        ({"challenge_scheme": "dpop", "challenge_error": "use_dpop_nonce"}, Status.WARN, "nonce"),
        (
            {"challenge_scheme": "bearer", "challenge_error": "insufficient_user_authentication"},
            Status.FAIL,
            "step-up",
        ),
        (
            {
                "challenge_scheme": "bearer",
                "challenge_error": "insufficient_scope",
                "challenge_scope": "orders.write",
            },
            Status.PASS,
            "orders.write",
        ),
    ],
)
async def test_the_challenge_is_read_per_rfc_6750(inputs, status, words):
    result = await run("challenge.no_error", **inputs)
    assert result.status is status and words in result.detail


async def test_a_login_page_answering_an_api_call_is_a_warning():
    result = await run(
        "evidence.responder", responder="oauth2-proxy", responder_signs="its sign-in page"
    )
    assert result.status is Status.WARN


async def test_a_message_id_explains_itself_and_fails_or_warns_by_severity():
    failed = await run("evidence.message", log_message="dotnet.idx10208")
    assert failed.status is Status.FAIL and "configuration" in failed.detail
    warned = await run("evidence.message", log_message="dotnet.pii_hidden")
    assert warned.status is Status.WARN
    unknown = await run("evidence.message", log_message="nobody.knows")
    assert unknown.status is Status.SKIP
