"""Secrets planted in a paste never reach a transcript (Markdown, JSON) or the autosave.

The paste goes the way the TUI's paste box and `wizard run` take it: ingest, the report's
facts, a Session on the step's playbook (the evidence-401 flow when the step is inside one),
walked until it waits, autosaved after every event, then saved as the TUI saves it. Every
file written is searched for each secret and its derived forms: the signature alone, any
16-character piece of a secret, base64 of a secret and of `id:secret`.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ingest.test_no_secret_leaks import KINDS, NOW, jwts, okta_export, opaque
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.evidence_route import shipped_flows
from wizard.core.flow.ingested import EVIDENCE_FLOW, ingest_report
from wizard.core.ingest import ingest_text
from wizard.core.session.headless import drive_headless
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.ui.saving import save_conversation

FLOWS = shipped_flows()
REGISTRY = load_registry()
WINDOW = 16


def derived_forms(secret: str) -> set[str]:
    forms = {secret, base64.b64encode(secret.encode()).decode().rstrip("=")}
    forms |= {base64.b64encode(f"client:{secret}".encode()).decode().rstrip("=")}
    forms |= {secret[i : i + WINDOW] for i in range(0, max(1, len(secret) - WINDOW + 1))}
    return forms


def planted(jwt: str, other: str) -> set[str]:
    # The JWT's header and payload are readable by design (and shown decoded): its
    # signature is what is secret, alone or with the rest.
    signature = jwt.rsplit(".", 1)[1]
    return {jwt} | derived_forms(signature) | derived_forms(other)


def start_of(report) -> tuple[str, dict[str, str]]:
    """The flow and facts the paste box starts (PasteTokenScreen.target_of).

    A paste no step fits (the HTTPie trace's token exchange answered 200) is walked on the
    evidence playbook all the same: the session then holds every fact the paste gave.
    """
    step, facts = report.step, report.flow_facts()
    if step is None:
        return EVIDENCE_FLOW, facts
    assert step.flow in FLOWS, report.to_text()
    if step.node == FLOWS[step.flow].start:
        return step.flow, facts
    return EVIDENCE_FLOW, facts


def written_after_a_session(paste: str, folder: Path) -> dict[Path, str]:
    report = ingest_report(ingest_text(paste), now=NOW, flows=FLOWS)
    flow_id, facts = start_of(report)
    env = CheckEnvironment(options=CheckOptions(offline=True), clock=lambda: NOW)
    store = SessionStore(folder / "data")
    session = Session.start(FLOWS, REGISTRY, flow_id, facts=facts, env=env, store=store)
    lines: list[str] = []
    drive_headless(session, {}, lines.append)
    assert session.saved, session.save_error  # the autosave was written
    save_conversation(session, folder / "transcripts")
    files = {path: path.read_text() for path in folder.rglob("*") if path.is_file()}
    assert {path.suffix for path in files} >= {".md", ".json"}
    assert len(files) >= 3  # the autosave, the Markdown and the JSON transcript
    files[folder / "stdout"] = "\n".join(lines)
    return files


def leaks(files: dict[Path, str], secrets: set[str]) -> list[tuple[str, str]]:
    return [(path.name, s) for path, text in files.items() for s in secrets if s in text]


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(jwt=jwts(), other=opaque, kind=st.sampled_from(KINDS))
def test_no_planted_secret_reaches_a_transcript_or_the_autosave(tmp_path_factory, jwt, other, kind):
    folder = tmp_path_factory.mktemp("session")
    files = written_after_a_session(kind(jwt, other), folder)
    assert leaks(files, planted(jwt, other)) == []


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
def test_each_kind_of_paste_is_saved_without_its_secrets(tmp_path, kind):
    files = written_after_a_session(kind(JWT, OTHER), tmp_path)
    assert leaks(files, planted(JWT, OTHER)) == []
    if kind is not okta_export:  # the export's token sits in debugData, never a fact
        # The session held the secrets (they are in its facts): the files name them by mask.
        transcript = next(text for path, text in files.items() if path.suffix == ".json")
        assert "sha256:" in transcript


OTHER = "opZq8RkWm2VtY7bHc4NxLp0sDfGj"
JWT = (
    "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0."
    "eyJpc3MiOiJodHRwczovL2lkcC5leGFtcGxlLmNvbSIsImF1ZCI6ImFwaSIsImV4cCI6MTc0NjU0ODMyMCwic3ViIjoidSJ9."
    "Zm9yZ2VkLXNpZ25hdHVyZS12YWx1ZS10aGF0LW11c3Qtbm90LWxlYWs"
)
