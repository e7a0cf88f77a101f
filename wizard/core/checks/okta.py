"""Okta checks: which authorization server issued the token, and what the System Log saw."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit

from wizard.core.checks._netcheck import resolve_issuer
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token
from wizard.core.net.fetch import fetch
from wizard.core.tokens import audiences, scopes
from wizard.core.tokens.providers import okta_server_of
from wizard.core.vocab.redaction import scrub
from wizard.core.vocab.result import CheckResult

SERVERS_REF = "https://developer.okta.com/docs/concepts/auth-servers/"
LOG_REF = "https://developer.okta.com/docs/reference/api/system-log/"
STANDARD_SCOPES = {
    "openid",
    "profile",
    "email",
    "address",
    "phone",
    "offline_access",
    "groups",
    "device_sso",
}


@check(
    "okta.server",
    title="Okta authorization server",
    inputs={
        "token": "a token from Okta",
        "issuer": "the issuer URL (else the token's iss)",
        "audience": "the audience the API expects",
    },
    learns=("okta_server", "provider"),
)
async def okta_server(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "token")
    issuer, _source = resolve_issuer(ctx)
    if not issuer:
        return ctx.skipped("Not run: it needs an issuer URL or a JWT whose iss names it.")
    claims = token.claims if token is not None and token.readable else {}
    kind, server_id = okta_server_of(issuer, claims)
    if kind is None:
        return ctx.skipped(f"Not run: {issuer!r} does not have the shape of an Okta issuer.")
    is_access = "scp" in claims or "cid" in claims
    aud = audiences(claims)
    evidence = {"issuer": issuer, "server": kind, "aud": aud}
    facts = {"okta_server": kind, "provider": f"okta-{kind}"}
    if kind == "org":
        slash = (
            (f" Note: the org issuer has no trailing slash; {issuer!r} will not match tokens.")
            if issuer.endswith("/")
            else ""
        )
        custom_scopes = sorted(
            s
            for s in scopes(claims).values
            if s not in STANDARD_SCOPES and not s.startswith("okta.")
        )
        if is_access:
            return ctx.failed(
                f"Issuer {issuer} is the Okta org authorization server. Its access tokens (aud "
                f"{aud}) are meant for Okta's own APIs only: your API cannot validate "
                f"them.{slash}",
                evidence=evidence,
                facts=facts,
                refs=(SERVERS_REF,),
                fix=f"Use a custom authorization server (e.g. {issuer}/oauth2/default) and set its "
                "Audience to the identifier your API expects.",
            )
        extra = (
            f" Scopes {custom_scopes} are custom, which the org server does not allow."
            if custom_scopes
            else ""
        )
        return ctx.passed(
            f"Issuer {issuer} is the Okta org authorization server: ID tokens carry the client "
            f"id as aud; only standard OIDC and okta.* scopes exist there.{extra}{slash}",
            evidence=evidence,
            facts=facts,
            refs=(SERVERS_REF,),
        )
    expected = ctx.get("audience")
    evidence["server_id"] = server_id
    said = (
        f"Issuer {issuer} is an Okta custom authorization server ({server_id}): access "
        f"tokens carry that server's configured Audience as aud"
    )
    if is_access and expected and expected not in aud:
        return ctx.failed(
            f"{said}; this token has aud {aud}, but the API expects {expected!r}.",
            evidence=evidence,
            facts=facts,
            refs=(SERVERS_REF,),
            fix=f"Set the authorization server's Audience to {expected!r} (Security > API > "
            "Authorization Servers), or configure the API to expect the current one.",
        )
    return ctx.passed(
        f"{said} (this token: {aud}).", evidence=evidence, facts=facts, refs=(SERVERS_REF,)
    )


# What a healthy sign-in leaves in the System Log, per server type.
GRANT_EVENTS = {
    "app.oauth2.as.token.grant.id_token": "custom",
    "app.oauth2.as.token.grant.access_token": "custom",
    "app.oauth2.token.grant.id_token": "org",
    "app.oauth2.token.grant.access_token": "org",
}
_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
RETENTION = timedelta(days=90)


def since_time(value: str, now: float) -> datetime | None:
    """`24h`, `7d`, `30m` before now, or an ISO 8601 time; None when unreadable."""
    match = _DURATION.match(value)
    if match:
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()]
        return datetime.fromtimestamp(now - seconds, UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def okta_base(domain: str) -> str:
    """`dev-1.okta.com`, `https://dev-1.okta.com/`, or an issuer URL → `https://dev-1.okta.com`."""
    if "://" not in domain:
        domain = "https://" + domain
    parts = urlsplit(domain)
    return f"{parts.scheme}://{parts.netloc}"


def _names_client(event: dict, client_id: str) -> bool:
    for target in event.get("target") or []:
        if isinstance(target, dict) and client_id in (
            target.get("id"),
            target.get("alternateId"),
            target.get("displayName"),
        ):
            return True
    return False


BY_HAND = (
    "Look them up by hand: Admin Console > Reports > System Log, filter "
    'eventType sw "app.oauth2" and the app; expect app.oauth2.as.token.grant.id_token / '
    ".access_token (custom server) or app.oauth2.token.grant.* (org server)."
)


@check(
    "okta.system_log",
    title="Okta System Log: were tokens issued?",
    inputs={
        "okta_domain": "the Okta org URL (https://ORG.okta.com)",
        "okta_api_token": "an Okta API token allowed to read logs (okta.logs.read)",
        "client_id": "the OIDC app's client id",
        "since": "how far back to look (e.g. 24h, 7d; at most 90d)",
    },
    learns=("okta_server",),
    network=True,
)
async def okta_system_log(ctx: CheckContext) -> CheckResult:
    domain, api_token = ctx.get("okta_domain"), ctx.get("okta_api_token")
    if not domain or not api_token:
        return ctx.skipped(f"Not run: it needs the Okta domain and an API token. {BY_HAND}")
    client_id = ctx.get("client_id")
    since_text = ctx.get("since") or "24h"
    since = since_time(since_text, ctx.env.now())
    if since is None:
        return ctx.errored(f"{since_text!r} is not a duration like 24h or 7d, nor an ISO time.")
    oldest = datetime.fromtimestamp(ctx.env.now(), UTC) - RETENTION
    clipped = since < oldest
    since = max(since, oldest)
    base = okta_base(domain)
    headers = {"Authorization": f"SSWS {api_token}", "Accept": "application/json"}
    stamp = since.strftime("%Y-%m-%dT%H:%M:%S.000Z")

    async def query(filter_text: str) -> list[dict] | CheckResult:
        params = urlencode({"filter": filter_text, "since": stamp, "limit": "200"}, quote_via=quote)
        response = await fetch(ctx.env, f"{base}/api/v1/logs?{params}", headers=headers)
        if response.status != 200:
            return _log_error(ctx, base, response.status, scrub(response.text(200), [api_token]))
        data = response.json()
        if not isinstance(data, list):
            return ctx.errored(f"The System Log at {base} answered JSON that is not a list.")
        return [event for event in data if isinstance(event, dict)]

    events = await query(
        'eventType sw "app.oauth2"' + (f' and target.id eq "{client_id}"' if client_id else "")
    )
    if isinstance(events, CheckResult):
        return events
    if client_id and not events:
        # Whether target.id holds the client id is not documented: widen and match any target.
        widened = await query('eventType sw "app.oauth2"')
        if isinstance(widened, CheckResult):
            return widened
        events = [event for event in widened if _names_client(event, client_id)]
    return _judge_events(ctx, events, base, client_id, stamp, clipped)


def _log_error(ctx: CheckContext, base: str, status: int, body: str) -> CheckResult:
    reasons = {
        401: "Okta rejected the API token (invalid, expired or revoked)",
        403: "the API token may not read logs (it needs okta.logs.read / a read-only admin role)",
        429: "Okta's rate limit was hit; try again in a minute",
    }
    why = reasons.get(status, f"HTTP {status}: {body!r}")
    return ctx.errored(
        f"The System Log at {base} could not be read: {why}. {BY_HAND}", evidence={"status": status}
    )


def _judge_events(
    ctx: CheckContext,
    events: list[dict],
    base: str,
    client_id: str | None,
    stamp: str,
    clipped: bool,
) -> CheckResult:
    who = f"client {client_id}" if client_id else "any app"
    window = f"since {stamp}" + (" (clipped: Okta keeps 90 days of logs)" if clipped else "")
    counts: dict[str, int] = {}
    for event in events:
        name = f"{event.get('eventType')} {(event.get('outcome') or {}).get('result', '')}".strip()
        counts[name] = counts.get(name, 0) + 1
    evidence = {"okta_domain": base, "client_id": client_id, "since": stamp, "events": counts}
    grants = [
        e
        for e in events
        if e.get("eventType") in GRANT_EVENTS
        and (e.get("outcome") or {}).get("result", "SUCCESS") == "SUCCESS"
    ]
    seen = ", ".join(f"{name} ×{n}" for name, n in sorted(counts.items())) or "nothing"
    if grants:
        server = GRANT_EVENTS[str(grants[0].get("eventType"))]
        latest = max(str(e.get("published", "")) for e in grants)
        return ctx.passed(
            f"Okta issued tokens to {who} {window}: {len(grants)} successful grant(s), the "
            f"latest at {latest} ({server} authorization server). Seen: {seen}. The tokens were "
            "issued, so look at what the service provider expects next.",
            evidence=evidence,
            facts={"okta_server": server},
            refs=(LOG_REF,),
        )
    denied = [e for e in events if str(e.get("eventType", "")).endswith("scope_denied")]
    if denied:
        reason = (denied[0].get("outcome") or {}).get("reason") or "no reason given"
        what = (
            f"scopes were denied ({reason!r})",
            "Grant the scopes to the app, or add an "
            "access policy rule on the authorization server that allows them.",
        )
    elif any("authorize" in str(e.get("eventType", "")) for e in events):
        what = (
            "authorize requests were seen, but no token grant",
            "The code-for-token exchange failed or never happened: check the token request "
            "(client secret, redirect_uri, PKCE verifier) and its error.",
        )
    elif events:
        what = (
            "OAuth events were seen, but no successful token grant",
            "Read the failed events' outcome.reason in the System Log.",
        )
    else:
        what = (
            "no app.oauth2 events at all",
            "The sign-in never reached this org's authorization server for this app: check "
            "the org URL, the client id, and the time window.",
        )
    return ctx.failed(
        f"Okta's System Log shows no token issued to {who} {window}: {what[0]}. Seen: {seen}.",
        evidence=evidence,
        fix=what[1],
        refs=(LOG_REF,),
    )
