"""The token inspector marks a claim only with the problems of checks given that token."""

from __future__ import annotations

from types import SimpleNamespace

from wizard.core.vocab.events import Event
from wizard.core.vocab.result import CheckResult, Status
from wizard.ui.screens.inspector import problems_by_field, tokens_fed


def result(check_id: str, status: Status, claim: str) -> CheckResult:
    return CheckResult(check_id, status, "t", "d", evidence={"claim": claim})


def started(*runs: tuple[str, dict[str, str]]) -> Event:
    data = {
        "checks": [key for key, _ in runs],
        "runs": [{"key": key, "withheld": withheld} for key, withheld in runs],
    }
    return Event("checks_started", "f", "n", data, at=0.0)


def test_an_id_tokens_warning_is_not_shown_on_the_access_tokens_row():
    session = SimpleNamespace(
        events=[started(("id-aud", {"token": "id_token"}), ("at-aud", {"token": "access_token"}))]
    )
    results = {
        "id-aud": result("token.audience", Status.WARN, "aud"),
        "at-aud": result("token.audience", Status.FAIL, "aud"),
    }
    fed = tokens_fed(session)
    on_access = problems_by_field(results, None, fed, "access_token")["aud"]
    on_id = problems_by_field(results, None, fed, "id_token")["aud"]
    assert [r.status for r in on_access] == [Status.FAIL]
    assert [r.status for r in on_id] == [Status.WARN]
    # A check whose tokens are not known (an older transcript) still marks the claim.
    assert len(problems_by_field(results, None, {}, "access_token")["aud"]) == 2


def test_a_time_is_said_once_where_local_time_is_utc(monkeypatch):
    import time

    from wizard.ui.screens.inspector import describe_time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        utc = describe_time(1_795_428_300, 1_795_428_000.0)
        monkeypatch.setenv("TZ", "Europe/Paris")
        time.tzset()
        paris = describe_time(1_795_428_300, 1_795_428_000.0)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert utc.count("10:05:00") == 1 and "in 5 min" in utc
    assert "10:05:00 UTC" in paris and "11:05:00" in paris


def test_a_problem_is_named_by_its_cards_title_not_its_check_id():
    import base64
    import json

    from rich.console import Console

    from wizard.core.flow.suggest import decode_token
    from wizard.ui.screens.inspector import token_view

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    raw = ".".join([part({"alg": "RS256", "kid": "k1"}), part({"iss": "https://idp.test"}), "c2ln"])
    session = SimpleNamespace(
        results={
            "sig": CheckResult("token.signature", Status.FAIL, "Token signature", "does not verify")
        },
        facts={},
        events=[],
        env=SimpleNamespace(now=lambda: 1_795_428_000.0),
    )
    console = Console(width=200, record=True)
    console.print(token_view("access_token", decode_token(raw), session))  # type: ignore[arg-type]
    shown = console.export_text()
    assert "Token signature" in shown and "does not verify" in shown
    assert "token.signature" not in shown


def test_a_token_held_under_two_names_is_one_tab_with_the_problems_found_under_either():
    import base64
    import json

    from rich.console import Console

    from wizard.ui.screens.inspector import token_groups, token_view

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    raw = ".".join([part({"alg": "HS256"}), part({"iss": "https://idp.test"}), "c2ln"])
    other = ".".join([part({"alg": "RS256"}), part({"iss": "https://idp.test"}), "c2ln"])
    session = SimpleNamespace(
        results={"alg": CheckResult("token.alg", Status.WARN, "Signing algorithm", "shared")},
        facts={"token": raw, "access_token": raw, "id_token": other},
        events=[started(("alg", {"token": "token"}))],  # the check was given `token`
        env=SimpleNamespace(now=lambda: 1_795_428_000.0),
        fact_type=lambda name: "token",
    )
    groups = token_groups(session)  # type: ignore[arg-type]
    assert [names for names, _ in groups] == [("token", "access_token"), ("id_token",)]
    console = Console(width=200, record=True)
    names, token = groups[0]
    console.print(token_view(names, token, session))  # type: ignore[arg-type]
    shown = console.export_text()
    assert "Signing algorithm" in shown and "access_token" in shown


def test_a_provider_checks_finding_on_a_claim_marks_that_claim():
    results = {
        "auth0": CheckResult("auth0.userinfo", Status.FAIL, "Auth0 /userinfo audience", "no aud"),
        "okta": CheckResult("okta.server", Status.FAIL, "Okta authorization server", "org"),
    }
    found = problems_by_field(results, None)
    assert [r.id for r in found["aud"]] == ["auth0.userinfo"]
    assert [r.id for r in found["iss"]] == ["okta.server"]
