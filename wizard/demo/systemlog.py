"""An Okta-like System Log: the token events of the scenario's client, filtered loosely.

Only the few filter forms a troubleshooter types are understood (`field eq|sw|co "value"`
joined by `and`); anything else is ignored rather than refused, which is enough for a demo.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

INVALID_TOKEN_ERROR = {
    "errorCode": "E0000011",
    "errorSummary": "Invalid token provided",
    "errorLink": "E0000011",
    "errorId": "oaedemo0000000000000000",
    "errorCauses": [],
}

_CLAUSE = re.compile(r'^\s*([A-Za-z0-9_.]+)\s+(eq|sw|co)\s+"([^"]*)"\s*$')


def token_events(
    *, server: str, client_id: str, app_name: str, login: str, now: float
) -> list[dict[str, object]]:
    """The events one successful sign-in leaves: session, authorize, ID and access grants."""
    # The org server logs `app.oauth2.…`, a custom authorization server `app.oauth2.as.…`.
    prefix = "app.oauth2.as" if server == "custom" else "app.oauth2"
    base = datetime.fromtimestamp(now, UTC) - timedelta(minutes=4)
    app_target = {
        "id": client_id,
        "type": "AppInstance",
        "alternateId": app_name,
        "displayName": "OpenID Connect Client",
    }
    steps = [
        ("user.session.start", "User login to Okta", []),
        (f"{prefix}.authorize.code", "OAuth2 authorization code request", [app_target]),
        (f"{prefix}.token.grant.id_token", "OIDC id token is granted", [app_target]),
        (f"{prefix}.token.grant.access_token", "OAuth2 access token is granted", [app_target]),
    ]
    return [
        _event(event_type, message, targets, login, base + timedelta(seconds=2 * index))
        for index, (event_type, message, targets) in enumerate(steps)
    ]


def _event(
    event_type: str, message: str, targets: list[dict[str, str]], login: str, when: datetime
) -> dict[str, object]:
    return {
        "uuid": str(uuid.uuid4()),
        "published": when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z",
        "eventType": event_type,
        "version": "0",
        "severity": "INFO",
        "displayMessage": message,
        "actor": {"id": "00udemo7ada4lovelace", "type": "User", "alternateId": login},
        "client": {"ipAddress": "127.0.0.1", "userAgent": {"rawUserAgent": "wizard-demo"}},
        "outcome": {"result": "SUCCESS", "reason": None},
        "target": targets,
    }


def select(events: list[dict[str, object]], query: Mapping[str, str]) -> list[dict[str, object]]:
    """The events matching the `filter`, `since`, `until` and `limit` parameters."""
    chosen = [event for event in events if _matches(event, query.get("filter", ""))]
    since, until = _instant(query.get("since")), _instant(query.get("until"))
    if since is not None:
        chosen = [e for e in chosen if _instant(str(e["published"])) >= since]  # type: ignore[operator]
    if until is not None:
        chosen = [e for e in chosen if _instant(str(e["published"])) < until]  # type: ignore[operator]
    limit = query.get("limit", "")
    return chosen[: int(limit)] if limit.isdigit() else chosen


def _matches(event: Mapping[str, object], filter_text: str) -> bool:
    for clause in re.split(r"\s+and\s+", filter_text.strip(), flags=re.IGNORECASE):
        match = _CLAUSE.match(clause)
        if not clause.strip() or match is None:
            continue  # loosely: an unknown clause does not hide events
        field, operator, expected = match.groups()
        values = _values(event, field.split("."))
        if not any(_compare(value, operator, expected) for value in values):
            return False
    return True


def _values(node: object, path: list[str]) -> list[str]:
    """Every value at `path`, looking into each element of a list (such as `target`)."""
    if not path:
        return [str(node)] if node is not None else []
    if isinstance(node, list):
        return [value for item in node for value in _values(item, path)]
    if isinstance(node, Mapping) and path[0] in node:
        return _values(node[path[0]], path[1:])
    return []


def _compare(value: str, operator: str, expected: str) -> bool:
    if operator == "eq":
        return value == expected
    if operator == "sw":
        return value.startswith(expected)
    return expected in value


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None  # loosely: a `since` we cannot read filters nothing
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
