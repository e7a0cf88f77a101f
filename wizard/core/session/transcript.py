"""The transcript: a session written down, the same document for autosave and JSON export.

`build_transcript` turns an engine (its events and snapshot) into a `Transcript`; credentials
appear only as fingerprints, tokens as their decoded header and claims. `Transcript.to_dict`
is the JSON document that docs/TRANSCRIPT.md describes; `transcript_from_dict` reads one back
and says in one line what is wrong with a file that is not one.
"""

from __future__ import annotations

import secrets as random_source
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wizard import __version__
from wizard.core.flow.facts import describe_fact
from wizard.core.session.tokenview import token_view
from wizard.core.vocab.events import Event

if TYPE_CHECKING:
    from wizard.core.flow.engine import Engine

# Bump when a reader of the previous version could not read the new one; see TRANSCRIPT.md.
SCHEMA_VERSION = 1
DOCUMENT_KIND = "oidc-401-wizard transcript"

# What `status` says about where a session stopped (from its last event).
STATUS_BY_LAST_EVENT = {"asked": "waiting", "resolved": "resolved", "error": "stuck"}
IN_PROGRESS = "in-progress"


def new_session_id(now: float) -> str:
    """A session id that sorts by time and does not collide: `20261123-180826-3f9a1c`."""
    stamp = datetime.fromtimestamp(now, UTC).strftime("%Y%m%d-%H%M%S")
    return f"{stamp}-{random_source.token_hex(3)}"


def iso_time(moment: float) -> str:
    """A timestamp as ISO 8601 UTC text, to the second."""
    return datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SessionInfo:
    """Who, what and when: the header of a transcript."""

    id: str
    flow: str
    flow_title: str
    started: float
    updated: float
    tool_version: str = __version__
    provider: str | None = None
    status: str = IN_PROGRESS
    last_flow: str = ""
    last_node: str = ""


@dataclass
class CheckRecord:
    """A check as it last ran in the session: where, with which inputs, and its result."""

    key: str
    id: str
    flow: str
    node: str
    at: float
    inputs: dict[str, str] = field(default_factory=dict)
    withheld: dict[str, str] = field(default_factory=dict)  # input -> credential fact
    result: dict[str, Any] = field(default_factory=dict)


@dataclass
class Transcript:
    """Everything a session leaves behind, free of credentials."""

    info: SessionInfo
    events: list[Event]
    state: dict[str, Any]
    facts: dict[str, dict[str, Any]]
    checks: list[CheckRecord]
    resolution: dict[str, Any] | None = None
    pii_masked: bool = False

    def to_dict(self) -> dict[str, Any]:
        info = self.info
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": DOCUMENT_KIND,
            "session": {
                "id": info.id,
                "flow": info.flow,
                "flow_title": info.flow_title,
                "started": iso_time(info.started),
                "updated": iso_time(info.updated),
                "tool_version": info.tool_version,
                "provider": info.provider,
                "status": info.status,
                "last_flow": info.last_flow,
                "last_node": info.last_node,
            },
            "redaction": {"credentials": "fingerprint", "pii_masked": self.pii_masked},
            "facts": self.facts,
            "events": [{**event.to_dict(), "time": iso_time(event.at)} for event in self.events],
            "checks": [
                {
                    "key": c.key,
                    "id": c.id,
                    "flow": c.flow,
                    "node": c.node,
                    "at": c.at,
                    "inputs": c.inputs,
                    "withheld": c.withheld,
                    "result": c.result,
                }
                for c in self.checks
            ],
            "resolution": self.resolution,
            "state": self.state,
        }


def build_transcript(engine: Engine, session_id: str, events: list[Event]) -> Transcript:
    """The transcript of `engine` so far; `events` may start before the engine (a resume)."""
    now = engine.env.now()
    started = events[0].at if events else now
    first_flow = events[0].flow if events else engine.state.flow
    flow = engine.flows.get(first_flow)
    last = events[-1] if events else None
    info = SessionInfo(
        id=session_id,
        flow=first_flow,
        flow_title=flow.title if flow else first_flow,
        started=started,
        updated=last.at if last else now,
        provider=engine.facts.get("provider") or None,
        status=STATUS_BY_LAST_EVENT.get(last.kind, IN_PROGRESS) if last else IN_PROGRESS,
        last_flow=engine.state.flow,
        last_node=engine.state.node,
    )
    return Transcript(
        info=info,
        events=list(events),
        state=engine.snapshot(),
        facts=describe_facts(engine),
        checks=check_records(events),
        resolution=latest_resolution(events),
    )


def describe_facts(engine: Engine) -> dict[str, dict[str, Any]]:
    """Each fact as a transcript shows it: plain values, or a credential's description."""
    described: dict[str, dict[str, Any]] = {}
    for name, fact in sorted(engine.facts.facts()):
        kind = engine.fact_type(name)
        entry: dict[str, Any] = {"type": kind, "source": fact.recorded_source}
        if kind == "token":
            entry["shown"] = describe_fact(kind, fact.value)
            entry["token"] = token_view(fact.value)
        elif kind == "secret":
            entry["shown"] = describe_fact(kind, fact.value)
        else:
            entry["value"] = fact.value
        described[name] = entry
    return described


def check_records(events: list[Event]) -> list[CheckRecord]:
    """The latest run of each check key, in the order the keys first ran."""
    runs: dict[str, dict[str, Any]] = {}
    records: dict[str, CheckRecord] = {}
    for event in events:
        if event.kind == "checks_started":
            for run in event.data.get("runs") or ():
                runs[str(run["key"])] = run
        elif event.kind == "check_result":
            key = str(event.data["key"])
            run = runs.get(key, {})
            result = dict(event.data["result"])
            records[key] = CheckRecord(
                key=key,
                id=str(run.get("id") or result.get("id") or key),
                flow=event.flow,
                node=event.node,
                at=event.at,
                inputs=dict(run.get("inputs") or {}),
                withheld=dict(run.get("withheld") or {}),
                result=result,
            )
    return list(records.values())


def latest_resolution(events: list[Event]) -> dict[str, Any] | None:
    """The resolution the session ended on, unless the user went back or restarted since."""
    resolution: dict[str, Any] | None = None
    for event in events:
        if event.kind == "resolved":
            resolution = {"flow": event.flow, **event.data}
        elif event.kind in ("went_back", "restarted", "resumed"):
            resolution = None
    return resolution
