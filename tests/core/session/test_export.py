"""Exports: JSON valid against the published schema, Markdown that reads well in a ticket."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.core.session.conftest import (
    CLIENT_SECRET,
    EMAIL,
    ROOT,
    SSWS_TOKEN,
    new_session,
    walk,
)
from wizard.core.session.export import (
    TranscriptExists,
    default_transcript_path,
    transcript_format,
    write_transcript,
)
from wizard.core.session.markdown import cell, code
from wizard.core.session.reading import load_transcript
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.session.transcript import SCHEMA_VERSION
from wizard.core.vocab.errors import UserError

SCHEMA = json.loads((ROOT / "docs" / "transcript.schema.json").read_text())


async def finished_log(store: SessionStore, token: str) -> Session:
    log = new_session("secrets", store=store)
    engine = log.engine
    await walk(engine, [EMAIL, token, CLIENT_SECRET, SSWS_TOKEN])
    return log


def test_the_schema_is_valid_and_matches_the_code_version():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION


async def test_json_exports_and_autosave_files_follow_the_schema(
    tmp_path: Path, store: SessionStore, token: str
):
    log = await finished_log(store, token)
    documents = [
        json.loads(write_transcript(log, tmp_path / "t.json").read_text()),
        json.loads(write_transcript(log, tmp_path / "p.json", redact_pii=True).read_text()),
        json.loads(log.path.read_text()),
    ]
    # A session stopped half-way, and one that went back and restarted, too.
    half = new_session("demo-a", {"aud": "api://other"}, store=store)
    engine = half.engine
    await walk(engine, ["opaque-token-value"])
    engine.back()
    engine.restart()
    await engine.advance()
    documents.append(json.loads(half.path.read_text()))
    for document in documents:
        jsonschema.validate(document, SCHEMA)


async def test_a_json_export_loads_back_as_the_same_session(
    tmp_path: Path, store: SessionStore, token: str
):
    log = await finished_log(store, token)
    loaded = load_transcript(write_transcript(log, tmp_path / "t.json"))
    assert loaded.info.id == log.id
    assert loaded.info.provider == "okta-custom"
    assert [c.key for c in loaded.checks] == ["leak.echo"]
    assert loaded.resolution["title"] == "The token | its audience is wrong"
    # And a loaded transcript exports again, unchanged.
    again = write_transcript(loaded, tmp_path / "again.json")
    assert json.loads(again.read_text()) == json.loads((tmp_path / "t.json").read_text())


async def test_markdown_has_header_conversation_checks_tokens_and_numbered_steps(
    tmp_path: Path, store: SessionStore, token: str
):
    log = await finished_log(store, token)
    text = write_transcript(log, tmp_path / "ticket.md").read_text()
    lines = text.splitlines()
    assert lines[0] == "# oidc-401 wizard session: A session with real credentials"
    assert "| Flow | A session with real credentials (`secrets`) |" in lines
    assert "| Date | 2026-11-23 18:00:00 UTC |" in lines
    assert "| Tool version | oidc-401 wizard 0.1.0 |" in lines
    assert "| Provider | okta-custom |" in lines
    assert "**Diagnosis:** The token | its audience is wrong" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Conversation",
        "## Checks",
        "## Facts",
        "## Tokens",
        "## Resolution",
    ]
    assert "| client_secret | [secret, 35 chars, sha256:" in text
    assert "| provider | okta-custom | a check |" in lines
    assert "`18:00:00` **wizard:** Let us look at the token." in lines
    assert "`18:00:00` **you:** `client_secret` = `[secret, 35 chars, " in text
    assert "| Status | Check | Detail | What to do |" in lines
    row = next(line for line in lines if line.startswith("| ✗ fail |") and "`leak.echo`" in line)
    assert row.count(" | ") == 3  # no stray cell from a '|' inside the text
    assert "### `token`: jws, `sha256:" in text
    assert '  "email": "alice.liddell@example.com",' in lines
    steps = lines[lines.index("Fix steps:") + 2 :]
    assert steps[0].startswith("1. Ask for a new token (not [token sha256:")
    assert steps[1] == "2. Rotate the secret | keep it safe."
    assert "- <https://example.test/aud>" in lines


def test_table_cells_escape_pipes_and_keep_to_one_line():
    assert cell("a | b\nc") == "a \\| b<br>c"
    assert cell("ends in /oauth2/<server id>") == "ends in /oauth2/\\<server id>"
    assert code("x`y") == "``x`y``"
    assert code("`x") == "`` `x ``"


def test_the_format_follows_the_extension_unless_given():
    assert transcript_format(Path("t.json")) == "json"
    assert transcript_format(Path("t.MD")) == "md"
    assert transcript_format(Path("t.txt")) == "md"
    assert transcript_format(Path("t.md"), "json") == "json"
    with pytest.raises(UserError, match="unknown transcript format 'pdf'"):
        transcript_format(Path("t.md"), "pdf")


async def test_nothing_is_overwritten_without_asking(tmp_path: Path, store, token: str):
    log = await finished_log(store, token)
    target = tmp_path / "ticket.md"
    target.write_text("my notes")
    with pytest.raises(TranscriptExists, match="ticket.md exists"):
        write_transcript(log, target)
    assert target.read_text() == "my notes"
    write_transcript(log, target, overwrite=True)
    assert target.read_text().startswith("# oidc-401 wizard session")


async def test_default_paths_are_named_after_the_session_and_never_taken(
    tmp_path: Path, store, token: str
):
    log = await finished_log(store, token)
    first = default_transcript_path(log, tmp_path)
    assert first.name == f"wizard-session-{log.id}.md"
    write_transcript(log, first)
    second = default_transcript_path(log, tmp_path)
    assert second.name == f"wizard-session-{log.id}-2.md"
    assert default_transcript_path(log, tmp_path, "json").suffix == ".json"


async def test_an_unwritable_target_is_a_one_line_user_error(tmp_path: Path, store, token):
    log = await finished_log(store, token)
    with pytest.raises(UserError, match="cannot write .*missing"):
        write_transcript(log, tmp_path / "missing" / "t.md")


async def test_markdown_and_json_of_one_session_agree_on_its_id(tmp_path: Path, store, token):
    session = new_session("secrets", store=store)
    await walk(session.engine, [EMAIL, token, CLIENT_SECRET, SSWS_TOKEN])
    path = default_transcript_path(session, tmp_path, "json")
    assert path.name == f"wizard-session-{session.id}.json"
    document = json.loads(write_transcript(session, path).read_text())
    assert document["session"]["id"] == session.id
    # Never autosaved: Markdown and JSON still agree on its id.
    bare = new_session("demo-a", {"aud": "api://other"})
    await walk(bare.engine, ["", "org"])
    markdown = write_transcript(bare, default_transcript_path(bare, tmp_path, "md"))
    data = json.loads(write_transcript(bare, markdown.with_suffix(".json")).read_text())
    assert markdown.name == f"wizard-session-{data['session']['id']}.md"
