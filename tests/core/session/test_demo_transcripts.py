"""Transcripts of real sessions: the demo scenarios through the shipped flows and real checks.

Every byte written (autosave, Markdown, JSON) is free of the world's secrets, tokens and
signatures; the JSON follows the schema; a replay against the same world finds nothing worse.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import jsonschema
import pytest

from tests.core.session.conftest import ROOT
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, flow_folders
from wizard.core.session.export import write_transcript
from wizard.core.session.headless import run_headless
from wizard.core.session.reading import load_transcript
from wizard.core.session.replay import replay_checks
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.vocab.environment import CheckEnvironment
from wizard.demo.scenarios import SCENARIOS
from wizard.demo.world import DemoWorld

SCHEMA = json.loads((ROOT / "docs" / "transcript.schema.json").read_text())
# The choices a person makes in the demo (as in the shipped flows' own demo test).
ANSWERS = {"opensearch-oidc-401:start": "login-401", "issued-by-hand": "granted"}


def forbidden(world) -> set[str]:
    found = set(world.demo_secrets())
    for value in world.facts.values():
        parts = str(value).split(".")
        if len(parts) in (3, 5) and parts[0].startswith("eyJ"):
            found.add(value)
            found.update(part for part in parts[1:] if len(part) > 8 and len(parts) == 5)
            if len(parts) == 3 and parts[2]:
                found.add(parts[2])
    return {secret for secret in found if len(secret) >= 8}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_a_demo_session_transcript_keeps_its_secrets(tmp_path: Path, scenario):
    catalog = FlowCatalog.load(flow_folders(), load_registry())
    store = SessionStore(tmp_path / "data")
    with DemoWorld(scenario) as world:
        outcome = run_headless(
            catalog,
            scenario.flow,
            world.facts,
            ANSWERS,
            lambda line: None,
            CheckEnvironment(),
            store=store,
        )
        log = outcome.session
        markdown = write_transcript(log, tmp_path / "ticket.md")
        saved = write_transcript(log, tmp_path / "t.json", redact_pii=True)
        secrets = forbidden(world)
        assert len(secrets) >= 2  # a token signature and a secret at least
        transcript = load_transcript(log.path)

        again = Session.for_checks(world.facts, CheckEnvironment())

        async def replay():
            try:
                return await replay_checks(transcript, load_registry(), again)
            finally:
                await again.aclose()

        report = asyncio.run(replay())

    assert outcome.exit_code in (0, 1, 3)
    for path in (log.path, markdown, saved):
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"a secret of the world is in {path.name}"
    for path in (log.path, saved):
        jsonschema.validate(json.loads(path.read_text()), SCHEMA)
    assert transcript.checks, "the session ran checks"
    assert not report.worse, "\n".join(check.line() for check in report.checks)
    assert all(check.after is not None for check in report.checks), [
        check.line() for check in report.checks if check.after is None
    ]
