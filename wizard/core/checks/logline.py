"""log.line: recognise a pasted log line or error body and say which playbook explains it.

The recognising itself is ingest's message table (`wizard.core.ingest.messages`), the one
recogniser of validator, gateway and IdP messages; this check turns the first message's id
into one fact, `log_topic`, that the triage flow routes on.
"""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.result import CheckResult

OPENSEARCH_TROUBLESHOOT = "https://opensearch.org/docs/latest/troubleshoot/openid-connect/"
RFC_6750 = "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"

# Topics, each a playbook: the triage flow routes on them.
TOPIC_OPENSEARCH = "opensearch"
TOPIC_AUTH0_USERINFO = "auth0-userinfo"
TOPIC_OKTA = "okta"
TOPIC_TOKEN = "token"

# The table's topics that have a playbook of their own; every other topic (audience, issuer,
# keys, …) can come from any service provider, so the provider-neutral playbook explains it.
_PLAYBOOK_OF_TOPIC = {
    "opensearch": TOPIC_OPENSEARCH,
    "auth0-userinfo": TOPIC_AUTH0_USERINFO,
    "okta": TOPIC_OKTA,
    "okta-policy": TOPIC_OKTA,
}


def topic_of(rule_topic: str) -> str:
    """The triage playbook topic for a message table topic."""
    return _PLAYBOOK_OF_TOPIC.get(rule_topic, TOPIC_TOKEN)


@check(
    "log.line",
    title="Log line",
    inputs={"log_line": "a log line, several lines, or an error body, as pasted"},
    requires=("log_line",),
    learns=("log_topic", "log_message"),
)
async def log_line(ctx: CheckContext) -> CheckResult:
    # Deferred: the message tables are data the catalog would otherwise load at every start,
    # `wizard check` on a token included.
    from wizard.core.ingest.messages import recognise_messages

    text = ctx.get("log_line") or ""
    found = recognise_messages(text)
    if not found:
        return ctx.warned(
            f"None of the known validator, gateway or IdP messages is in what was pasted "
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
        facts={"log_topic": topic_of(first.rule.topic), "log_message": first.message_id},
    )
