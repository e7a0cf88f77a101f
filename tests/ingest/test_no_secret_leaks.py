"""Secrets planted in any kind of input never reach the output, a transcript or a clean HAR."""

from __future__ import annotations

import base64
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core.flow.ingested import ingest_report
from wizard.core.ingest import ingest_text
from wizard.core.ingest.live_credentials import check_har
from wizard.core.ingest.sanitize import sanitize_har

NOW = 1_746_548_000.0
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
opaque = st.text(ALPHABET, min_size=20, max_size=40).map(lambda s: "op" + s)


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@st.composite
def jwts(draw) -> str:
    claims = {"iss": "https://idp.example.com", "aud": "api", "exp": 1746548320, "sub": "u"}
    signature = draw(st.text(ALPHABET, min_size=30, max_size=60))
    return f"{b64({'alg': 'RS256', 'kid': 'k1'})}.{b64(claims)}.{signature}"


def curl_trace(jwt: str, other: str) -> str:
    return (
        "> GET /orders HTTP/2\n> host: api.example.com\n"
        f"> authorization: Bearer {jwt}\n> cookie: sid={other}\n>\n"
        '< HTTP/2 401\n< www-authenticate: Bearer error="invalid_token"\n'
        f"< set-cookie: refresh={other}x; HttpOnly\n<\n"
    )


def httpie(jwt: str, other: str) -> str:
    return (
        f"POST /token HTTP/1.1\nHost: idp.example.com\nAuthorization: Basic {other}\n\n"
        f"grant_type=refresh_token&refresh_token={other}r&client_secret={other}s\n\n"
        "HTTP/1.1 200 OK\nContent-Type: application/json\n\n"
        f'{{"access_token": "{jwt}", "refresh_token": "{other}t"}}\n'
    )


def log_lines(jwt: str, other: str) -> str:
    return (
        f"2025-05-06T16:18:40Z request headers: Authorization: Bearer {other}\n"
        "IDX10214: Audience validation failed. Audiences: 'a'. Did not match: "
        "validationParameters.ValidAudience: 'b' or validationParameters.ValidAudiences: 'c'.\n"
        f"token was {jwt}\n"
    )


def okta_export(jwt: str, other: str) -> str:
    event = {
        "eventType": "app.oauth2.as.authorize.scope_denied",
        "published": "2025-05-06T16:18:40Z",
        "outcome": {"result": "FAILURE", "reason": "no_matching_scope"},
        "debugContext": {
            "debugData": {"requestUri": "/oauth2/default/v1/authorize", "t": jwt, "dt": other}
        },
        "target": [],
    }
    return json.dumps([event])


def har(jwt: str, other: str) -> str:
    entry = {
        "startedDateTime": "2025-05-06T16:18:40Z",
        "request": {
            "method": "POST",
            "url": f"https://idp.example.com/token?code={other}c",
            "headers": [
                {"name": "Authorization", "value": f"Bearer {jwt}"},
                {"name": "Cookie", "value": f"sid={other}; theme=dark"},
                {"name": "X-Api-Key", "value": f"{other}k"},
            ],
            "cookies": [{"name": "sid", "value": other}],
            "queryString": [{"name": "code", "value": f"{other}c"}],
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "text": f"client_secret={other}s&code_verifier={other}v&password={other}p",
            },
        },
        "response": {
            "status": 401,
            "headers": [{"name": "Set-Cookie", "value": f"sid={other}n; Secure"}],
            "cookies": [],
            "content": {
                "mimeType": "application/json",
                "text": json.dumps({"access_token": jwt, "refresh_token": f"{other}t"}),
            },
        },
    }
    return json.dumps({"log": {"version": "1.2", "entries": [entry]}})


KINDS = [curl_trace, httpie, log_lines, okta_export, har]


def planted(jwt: str, other: str) -> list[str]:
    signature = jwt.rsplit(".", 1)[1]
    return [jwt, signature, other]


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(jwt=jwts(), other=opaque, kind=st.sampled_from(KINDS))
def test_no_planted_secret_reaches_the_report(jwt: str, other: str, kind):
    report = ingest_report(ingest_text(kind(jwt, other)), now=NOW)
    shown = report.to_json() + report.to_text()
    assert report.evidence.recognised
    for secret in planted(jwt, other):
        assert secret not in shown


@pytest.mark.slow
@settings(max_examples=15, deadline=None)
@given(jwt=jwts(), other=opaque)
def test_sanitize_removes_every_planted_secret_and_passes_its_own_check(jwt: str, other: str):
    source = har(jwt, other).encode()
    out = io.StringIO()
    report, end = sanitize_har(io.BytesIO(source), b"", out)
    written = out.getvalue()
    assert not end.truncated
    for secret in planted(jwt, other):
        assert secret not in written
    assert json.loads(written)["log"]["entries"]
    found, _ = check_har(io.BytesIO(written.encode()), b"")
    assert found == []
    assert report["JWT signatures removed"] >= 1 and report["client_secret removed"] == 1
    # The original, by contrast, is full of live credentials.
    live, _ = check_har(io.BytesIO(source), b"")
    assert len(live) >= 5


def test_the_same_secret_gets_the_same_pseudonym_across_the_file():
    entries = [
        {
            "request": {
                "method": "GET",
                "url": "https://a/",
                "headers": [{"name": "Cookie", "value": "sid=samesessionvalue1"}],
            },
            "response": {"status": 200, "headers": [], "content": {}},
        }
    ] * 3
    out = io.StringIO()
    sanitize_har(io.BytesIO(json.dumps({"log": {"entries": entries}}).encode()), b"", out)
    values = [
        e["request"]["headers"][0]["value"] for e in json.loads(out.getvalue())["log"]["entries"]
    ]
    assert len(set(values)) == 1 and "samesessionvalue1" not in values[0]


def test_a_base64_token_response_is_sanitized_inside_its_encoding():
    jwt = f"{b64({'alg': 'RS256'})}.{b64({'iss': 'https://i'})}.SIGNATURE-in-base64-body"
    body = base64.b64encode(json.dumps({"access_token": jwt}).encode()).decode()
    entry = {
        "request": {"method": "POST", "url": "https://idp/token", "headers": []},
        "response": {
            "status": 200,
            "headers": [],
            "content": {"mimeType": "application/json", "encoding": "base64", "text": body},
        },
    }
    source = json.dumps({"log": {"entries": [entry]}}).encode()
    live, _ = check_har(io.BytesIO(source), b"")
    assert live
    out = io.StringIO()
    sanitize_har(io.BytesIO(source), b"", out)
    written = json.loads(out.getvalue())["log"]["entries"][0]["response"]["content"]["text"]
    assert "SIGNATURE-in-base64-body" not in base64.b64decode(written).decode()
    assert check_har(io.BytesIO(out.getvalue().encode()), b"")[0] == []
