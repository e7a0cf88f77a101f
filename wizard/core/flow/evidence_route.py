"""Which playbook step the facts of a paste point at: the routing of `wizard ingest`.

Rules run in order and the first that applies names the step; each says why in words. The
steps are nodes of the shipped flows; the evidence-401 flow's start node dispatches to any of
them through the `evidence_step` fact, so every face lands on the step in the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wizard.core.flow.model import Flow
from wizard.core.ingest.model import Finding
from wizard.core.vocab.result import CheckResult, Status

EVIDENCE_FLOW = "evidence-401"
STEP_FACT = "evidence_step"

# A finding's topic → the step that explains it when no stronger evidence decided first.
_TOPIC_STEPS_WITH_TOKEN = {
    "audience": "generic-bearer-401:audience",
    "issuer": "generic-bearer-401:signature",
    "keys": "generic-bearer-401:signature",
    "signature": "generic-bearer-401:signature",
    "lifetime": "generic-bearer-401:lifetime",
    "scope": "generic-bearer-401:scopes",
    "format": "generic-bearer-401:start",
}
_TOPIC_STEPS = {
    "opensearch": "opensearch-oidc-401:files",
    "auth0-userinfo": "auth0-userinfo-401:start",
    "okta": "okta-sp-401:start",
    "okta-policy": "okta-sp-401:start",
    "token-missing": f"{EVIDENCE_FLOW}:header-lost",
}


@dataclass(frozen=True)
class Step:
    """A node to open: its flow, its id, and why."""

    flow: str
    node: str
    reason: str

    @property
    def goto(self) -> str:
        return f"{self.flow}:{self.node}"

    def to_dict(self) -> dict[str, str]:
        return {"flow": self.flow, "node": self.node, "reason": self.reason}


def choose_step(
    facts: Mapping[str, str],
    results: Sequence[CheckResult],
    findings: Sequence[Finding],
    flows: Mapping[str, Flow] | None = None,
) -> Step | None:
    """The step the evidence points at, or None when it points nowhere in particular."""
    failed = {r.id for r in results if r.status is Status.FAIL}
    has_token = bool(facts.get("token"))
    causes = [f for f in findings if f.severity == "fail"]
    if "challenge.no_error" in failed and facts.get("challenge_scheme") == "basic":
        return _step(
            "generic-bearer-401:resource-basic-challenge",
            "a Basic challenge answered a Bearer call",
        )
    if "challenge.no_error" in failed and not causes and facts.get("challenge_scheme") == "bearer":
        return _step(
            f"{EVIDENCE_FLOW}:header-lost",
            "a Bearer challenge without error: the token never reached the validator",
        )
    if "evidence.audience" in failed:
        return _step(f"{EVIDENCE_FLOW}:audience", "the service names both audiences")
    if "evidence.issuer" in failed:
        return _step(f"{EVIDENCE_FLOW}:issuer", "the service names both issuers")
    if "evidence.lifetime" in failed:
        return _step(f"{EVIDENCE_FLOW}:lifetime", "expired when the request was made")
    for finding in causes + [f for f in findings if f.severity != "fail"]:
        step = _TOPIC_STEPS.get(finding.topic)
        if step is None and has_token:
            step = _TOPIC_STEPS_WITH_TOKEN.get(finding.topic)
        reason = f"{finding.family}: {finding.message_id}"
        return _step(step or f"{EVIDENCE_FLOW}:message", reason)
    if has_token:
        return _token_step(facts["token"], flows)
    return None


def _token_step(token: str, flows: Mapping[str, Flow] | None) -> Step | None:
    from wizard.core.flow.suggest import (
        suggest_flow,  # deferred: decodes the token only when needed
    )

    suggestion = suggest_flow(token, flows if flows is not None else shipped_flows())
    if not suggestion.flow_id:
        return None
    return Step(suggestion.flow_id, "start", suggestion.reason)


@functools.lru_cache(maxsize=1)
def shipped_flows() -> dict[str, Flow]:
    """The shipped playbooks, for a face that did not load its own catalog."""
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.catalog import FlowCatalog, shipped_flows_dir

    catalog = FlowCatalog.load([shipped_flows_dir()], load_registry())
    return {flow_id: loaded.flow for flow_id, loaded in catalog.flows.items()}


def _step(goto: str, reason: str) -> Step:
    flow, _, node = goto.partition(":")
    return Step(flow, node, reason)
