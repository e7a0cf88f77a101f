"""log.line: recognise a pasted log line or error body and say which playbook explains it.

The recognising itself is ingest's message table (`wizard.core.ingest.messages`), the one
recogniser of validator, gateway and IdP messages; this check learns the message id
(`log_message`) and the system that wrote it (`log_topic`). Which
playbook explains a message is not decided here: each playbook declares the messages and words
it explains (`applies` in its YAML), and triage's handoff reads those.
"""

from __future__ import annotations

from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.vocab.result import CheckResult

OPENSEARCH_TROUBLESHOOT = "https://opensearch.org/docs/latest/troubleshoot/openid-connect/"
RFC_6750 = "https://www.rfc-editor.org/rfc/rfc6750#section-3.1"


def topic_of(message_id: str) -> str:
    """The system a recognised message comes from: the first part of its id (opensearch, okta)."""
    return message_id.split(".", 1)[0]


@check(
    "log.line",
    title="Log line",
    inputs={"log_line": "a log line, several lines, or an error body, as pasted"},
    requires=("log_line",),
    learns=("log_topic", "log_message"),
    cpu_bound=True,  # a pasted log may be long, and every message pattern runs over it
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
        facts={"log_topic": topic_of(first.message_id), "log_message": first.message_id},
    )
