"""log.line, and the playbooks that declare the messages it recognises."""

from __future__ import annotations

import pytest

from tests.flows.walking import shipped_catalog
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.flow.fitting import best_playbook
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import Status

LINES = {
    "roles": (
        "[WARN ][c.a.d.a.h.j.AbstractHTTPJwtAuthenticator] Failed to get roles from JWT claims "
        "with roles_key 'entitlement_group'. Check if this key is correct and available in the "
        "JWT payload.",
        "opensearch-oidc-401",
    ),
    "dashboards": (
        '{"type":"log","tags":["error","plugins","securityDashboards"],"message":"OpenId '
        'authentication failed: Error: Authentication Exception"}',
        "opensearch-oidc-401",
    ),
    "auth0": (
        '{"error":"unauthorized","error_description":"invalid credentials"}',
        "auth0-userinfo-401",
    ),
    "okta": ("eventType: app.oauth2.as.authorize.scope_denied", "okta-sp-401"),
    # OpenSearch wrote it, but a bad signature is the token's problem, whoever checks it.
    "signature": (
        "[WARN ][c.a.d.a.h.j.HTTPJwtAuthenticator] Invalid JWT signature",
        "generic-bearer-401",
    ),
}


async def run_log_line(text: str | None):
    spec = load_registry()["log.line"]
    inputs = {"log_line": text} if text is not None else {}
    return await run_one(CheckRun("log.line", spec, inputs), CheckEnvironment(CheckOptions()))


@pytest.mark.parametrize("name", sorted(LINES))
async def test_known_lines_lead_to_the_playbook_that_declares_them(name):
    text, playbook = LINES[name]
    result = await run_log_line(text)
    assert result.status is Status.PASS, result.detail
    assert result.facts["log_message"].startswith(result.facts["log_topic"] + ".")
    flows = [loaded.flow for loaded in shipped_catalog().flows.values()]
    facts = {**result.facts, "log_line": text}
    fit = best_playbook(flows, symptom="log", facts=facts)
    assert fit is not None and fit.flow.id == playbook


async def test_an_unknown_line_warns_and_learns_nothing():
    result = await run_log_line("java.lang.NullPointerException at Foo.bar(Foo.java:12)")
    assert result.status is Status.WARN
    assert result.facts == {}
    assert result.fix


async def test_no_line_is_a_skip():
    result = await run_log_line(None)
    assert result.status is Status.SKIP


async def test_the_pasted_text_is_not_echoed():
    # A pasted request log can carry an Authorization header; the result must not repeat it.
    secret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNlY3JldA"
    result = await run_log_line(f"Authorization: Bearer {secret}\nInvalid JWT signature")
    assert secret not in result.detail
    assert secret not in str(result.evidence)
