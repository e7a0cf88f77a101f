"""Identity providers' log exports: Okta System Log events and Auth0 log events, as JSON.

Okta's System Log API returns an array of events (one event when copied from the console):
`eventType`, `outcome.result` / `outcome.reason`, `published`, `debugContext.debugData`
(requestUri, requested and granted scopes), `target[]` (the app), `transaction.id`. Auth0's
log events carry a short `type` code, a `description`, `client_id` and `date`.
"""

from __future__ import annotations

import re
from typing import Any

from wizard.core.ingest.messages import recognise_messages
from wizard.core.ingest.model import Evidence, Finding
from wizard.core.ingest.table_idps import AUTH0_FAILURE_CODES

MAX_EVENTS = 10_000
_OKTA_SERVER = re.compile(r"/oauth2/(?P<server>[^/]+)/v1/")


def is_okta_events(data: Any) -> bool:
    events = data if isinstance(data, list) else [data]
    return bool(events) and all(isinstance(e, dict) and "eventType" in e for e in events[:20])


def is_auth0_events(data: Any) -> bool:
    events = data if isinstance(data, list) else [data]
    return bool(events) and all(
        isinstance(e, dict) and isinstance(e.get("type"), str) and "date" in e for e in events[:20]
    )


def read_okta_events(data: Any, evidence: Evidence, where: str) -> None:
    """Facts from Okta events: the event types seen, the first failure, scopes, time, app."""
    events = [e for e in (data if isinstance(data, list) else [data])[:MAX_EVENTS]]
    evidence.add_piece("okta-system-log", f"{where} ({len(events)} events)")
    seen: list[str] = []
    for number, event in enumerate(events, start=1):
        kind = _text(event.get("eventType"))
        if kind and kind not in seen:
            seen.append(kind)
        place = f"{where} event {number} ({kind})"
        outcome = _dict(event.get("outcome"))
        reason = _text(outcome.get("reason"))
        failed = _text(outcome.get("result")) in ("FAILURE", "DENY")
        debug = _dict(_dict(event.get("debugContext")).get("debugData"))
        if failed or number == len(events):
            evidence.add_fact("request_time", _text(event.get("published")), place)
            evidence.add_fact("scopes", _text(debug.get("requestedScopes")), place)
        if failed:
            evidence.add_fact("okta_outcome", f"{outcome.get('result')}: {reason or ''}", place)
        evidence.add_fact("granted_scopes", _text(debug.get("grantedScopes")), place)
        server = _OKTA_SERVER.search(_text(debug.get("requestUri")) or "")
        if server:
            evidence.add_fact("okta_authorization_server", server["server"], place)
        for target in _list(event.get("target")):
            target = _dict(target)
            if target.get("type") in ("AppInstance", "PublicClientApp"):
                evidence.add_fact("okta_app", _text(target.get("displayName")), place)
        text = " ".join(filter(None, [kind, reason, _text(event.get("displayMessage"))]))
        _findings_of(text, evidence, place)
    evidence.add_fact("okta_events", " ".join(seen), where)


def read_auth0_events(data: Any, evidence: Evidence, where: str) -> None:
    """Facts from Auth0 log events: the failing codes and what they say, client and audience."""
    events = [e for e in (data if isinstance(data, list) else [data])[:MAX_EVENTS]]
    evidence.add_piece("auth0-log", f"{where} ({len(events)} events)")
    codes = []
    for number, event in enumerate(events, start=1):
        code = _text(event.get("type")) or ""
        codes.append(code)
        if code not in AUTH0_FAILURE_CODES:
            continue
        place = f"{where} event {number} ({code})"
        evidence.add_fact("request_time", _text(event.get("date")), place)
        evidence.add_fact("client_id", _text(event.get("client_id")), place)
        details = _dict(event.get("details"))
        request = _dict(details.get("request"))
        body = _dict(request.get("body"))
        evidence.add_fact("audience", _text(body.get("audience")), place)
        description = _text(event.get("description")) or ""
        evidence.add_finding(
            Finding(
                "auth0log.failure",
                "Auth0",
                "auth0-log",
                f"Auth0 logged '{code}', {AUTH0_FAILURE_CODES[code]}: {description[:200]}",
                "Read the event's description and client_id: they name the setting that refused "
                "the request (grant types, audience, allowed origins).",
                ("token.audience",),
                place,
            )
        )
    evidence.add_fact("auth0_log_types", " ".join(dict.fromkeys(codes)), where)


def _findings_of(text: str, evidence: Evidence, place: str) -> None:
    for match in recognise_messages(text):
        evidence.add_finding(match.finding(place))


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
