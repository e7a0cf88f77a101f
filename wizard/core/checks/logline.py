"""log.line: recognise a pasted log line or error body and say which playbook explains it.

The recognising itself lives with the OpenSearch work (`wizard.core.opensearch.logs`); this
check turns its message ids into one fact, `log_topic`, that the triage flow routes on.
"""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.vocab.result import CheckResult

OPENSEARCH_TROUBLESHOOT = "https://opensearch.org/docs/latest/troubleshoot/openid-connect/"
RFC_6750 = "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"

# Topics, each a playbook: the triage flow routes on them.
TOPIC_OPENSEARCH = "opensearch"
TOPIC_AUTH0_USERINFO = "auth0-userinfo"
TOPIC_OKTA = "okta"
TOPIC_TOKEN = "token"

# Message ids whose topic is not simply their prefix: a bad signature or audience can come
# from any service provider, so the provider-neutral playbook explains it best.
_TOPIC_OF_MESSAGE = {
    "opensearch.invalid_signature": TOPIC_TOKEN,
    "opensearch.unknown_kid": TOPIC_TOKEN,
    "auth0.userinfo_invalid_credentials": TOPIC_AUTH0_USERINFO,
}
_TOPIC_OF_PREFIX = {
    "opensearch": TOPIC_OPENSEARCH,
    "dashboards": TOPIC_OPENSEARCH,
    "auth0": TOPIC_AUTH0_USERINFO,
    "okta": TOPIC_OKTA,
    "token": TOPIC_TOKEN,
}


def topic_of(message_id: str) -> str:
    """The playbook topic of a recognised message id."""
    if message_id in _TOPIC_OF_MESSAGE:
        return _TOPIC_OF_MESSAGE[message_id]
    prefix = message_id.split(".", 1)[0]
    return _TOPIC_OF_PREFIX.get(prefix, TOPIC_TOKEN)


@check(
    "log.line",
    title="Log line",
    inputs={"log_line": "a log line, several lines, or an error body, as pasted"},
    requires=("log_line",),
    learns=("log_topic", "log_message"),
)
async def log_line(ctx: CheckContext) -> CheckResult:
    # Deferred: importing wizard.core.opensearch loads all its rules and yaml, which the
    # catalog would otherwise pay for at every start, `wizard check` on a token included.
    from wizard.core.opensearch.logs import recognise_log_line

    text = ctx.get("log_line") or ""
    found = recognise_log_line(text)
    if not found:
        return ctx.warned(
            f"None of the known OpenSearch, Okta or Auth0 messages is in what was pasted "
            f"({len(text)} characters).",
            fix="Paste the line just before the 401 from the service provider's log, or pick "
            "the symptom instead.",
            refs=(RFC_6750,),
        )
    # The first message in catalogue order is the most specific one (roles before the
    # generic 'authentication failed'), so it decides the playbook.
    first = found[0]
    lines = " ".join(f"[{item.message_id}] {item.explanation}" for item in found)
    checks = sorted({check_id for item in found for check_id in item.check_ids})
    evidence = {"messages": [item.message_id for item in found], "checks": checks}
    return ctx.passed(
        f"Recognised {len(found)} message(s): {lines}",
        evidence=evidence,
        refs=(OPENSEARCH_TROUBLESHOOT,),
        facts={"log_topic": topic_of(first.message_id), "log_message": first.message_id},
    )
