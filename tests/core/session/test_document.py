"""One definition of the transcript document: it reads files, and it is the published schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import jsonschema
import pytest

from tests.core.session.conftest import REGISTRY, ROOT, fixed_env, load_flows, new_session, walk
from wizard.core.session.document import TranscriptDocument, transcript_schema
from wizard.core.session.document_types import CheckStatus
from wizard.core.session.reading import load_transcript
from wizard.core.session.resume import resume_session
from wizard.core.vocab.result import Status

# Files written by the wizard before the document had models (schema version 1): a session
# that resolved with a token and two secrets, one left waiting, and one resumed and resolved.
V1_FILES = sorted((Path(__file__).parent / "data" / "v1").glob("v1-*.json"))


def test_the_published_schema_is_generated_from_the_models():
    shipped = json.loads((ROOT / "docs" / "transcript.schema.json").read_text())
    assert shipped == transcript_schema(), (
        "docs/transcript.schema.json is stale: run "
        "'python -m wizard.core.session.document > docs/transcript.schema.json'"
    )
    jsonschema.Draft202012Validator.check_schema(shipped)


def test_the_statuses_a_document_allows_are_the_check_statuses():
    assert set(get_args(CheckStatus)) == {str(status) for status in Status}


@pytest.mark.parametrize("path", V1_FILES, ids=lambda p: p.stem)
def test_version_1_files_still_read_and_resume(path: Path):
    transcript = load_transcript(path)
    document = json.loads(path.read_text())
    assert document["schema_version"] == 1
    jsonschema.validate(document, transcript_schema())
    assert transcript.info.id == document["session"]["id"]
    assert [e.kind for e in transcript.events] == [e["kind"] for e in document["events"]]
    assert transcript.state == document["state"]
    session = resume_session(transcript, load_flows(), REGISTRY, env=fixed_env())
    assert session.id == transcript.info.id
    assert session.engine.state.node == document["state"]["node"]


def test_there_are_version_1_files_of_each_ending():
    statuses = {json.loads(p.read_text())["session"]["status"] for p in V1_FILES}
    assert statuses == {"resolved", "waiting"}


async def test_every_document_written_now_is_valid(store, token):
    session = new_session("secrets", store=store)
    await walk(session.engine, ["", token, "cs-secret-value-123", "00aBcD-api-token"])
    session.engine.back()
    session.engine.restart()
    await session.engine.advance()
    document = json.loads(session.path.read_text())
    TranscriptDocument.model_validate(document)
    jsonschema.validate(document, transcript_schema())
