"""Bad transcript files: each gives one clear line naming what is wrong, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.session.conftest import new_session, walk
from wizard.core.session.reading import TranscriptError, load_transcript, parse_transcript
from wizard.core.session.store import SessionStore


@pytest.fixture
async def saved(store: SessionStore) -> Path:
    log = new_session("demo-a", {"aud": "api://other"}, store=store)
    engine = log.engine
    await walk(engine, ["", "org"])
    return log.path


def edited(path: Path, change) -> str:
    document = json.loads(path.read_text())
    change(document)
    return json.dumps(document)


async def test_a_truncated_file_says_so(saved: Path):
    text = saved.read_text()
    for cut in (len(text) // 3, len(text) - 5):
        with pytest.raises(TranscriptError, match=r"ends too early \(truncated\?\)"):
            parse_transcript(text[:cut], "t.json")


async def test_a_newer_schema_version_asks_for_an_upgrade(saved: Path):
    text = edited(saved, lambda d: d.update(schema_version=7))
    with pytest.raises(TranscriptError) as caught:
        parse_transcript(text, "t.json")
    assert caught.value.message == (
        "t.json: written by a newer wizard (schema version 7; this version reads up to 1); "
        "upgrade the wizard to read it"
    )
    assert caught.value.exit_code == 2


def delete(*keys):
    def change(document):
        target = document
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return change


def put(value, *keys):
    def change(document):
        target = document
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (delete("session", "flow"), "t.json: session.flow is missing"),
        (put(42, "session", "id"), "t.json: session.id must be text"),
        (put("yesterday", "session", "started"), "session.started is not a time like"),
        (put("nap", "events", 1, "kind"), "t.json: events[1].kind is not an event kind: 'nap'"),
        (put("great", "checks", 0, "result", "status"), "checks[0].result.status is not a check"),
        (put("later", "state", "stage"), "t.json: state.stage is not a stage: 'later'"),
        (put(["x"], "state", "path", 0), "t.json: state.path[0] must be [flow, node]"),
        (put({}, "events"), "t.json: events must be a JSON list"),
        (put("other", "kind"), "t.json: not a wizard transcript"),
        (put("1", "schema_version"), "'schema_version' must be a positive whole number"),
    ],
)
async def test_a_hand_edited_file_names_the_bad_field(saved: Path, change, message: str):
    with pytest.raises(TranscriptError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_transcript(edited(saved, change), "t.json")


def test_files_that_are_not_transcripts(tmp_path: Path):
    cases = {
        "empty.json": ("", "the file is empty"),
        "list.json": ("[1, 2]", "expected a JSON object"),
        "ticket.md": ("# oidc-401 wizard session\n", "this is a Markdown transcript"),
        "bad.json": ('{"a": 1,, }', "not valid JSON at line 1, column 9"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        with pytest.raises(TranscriptError, match=message):
            load_transcript(path)
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(TranscriptError, match="not UTF-8"):
        load_transcript(tmp_path / "binary.json")
    with pytest.raises(TranscriptError, match="no such file"):
        load_transcript(tmp_path / "absent.json")
