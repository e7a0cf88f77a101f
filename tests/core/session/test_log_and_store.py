"""A session autosaves after every event; SessionStore lists and finds sessions."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from tests.core.session.conftest import FIXED_NOW, new_session, walk
from wizard import __version__
from wizard.core.session.reading import load_transcript
from wizard.core.session.session import SAVED_WITH_THE_NEXT, Session
from wizard.core.session.store import SessionStore, data_dir
from wizard.core.vocab.errors import UserError


def test_the_data_folder_follows_the_environment_variable(data_folder: Path):
    assert data_dir() == data_folder
    assert SessionStore().folder == data_folder / "sessions"


async def test_every_step_is_saved_as_it_ends(store: SessionStore):
    session = new_session("demo-a", {"aud": "api://other"}, store=store)
    engine = session.engine
    assert re.fullmatch(r"\d{8}-\d{6}-[0-9a-f]{6}", session.id)
    assert session.id.startswith("20261123-")
    saved_counts: list[tuple[str, int]] = []

    def count(event) -> None:
        saved = _saved_or_none(session)
        saved_counts.append((event.kind, len(saved["events"]) if saved else 0))

    engine.subscribe(count)
    await walk(engine, ["", "org"])
    # The session saves before later listeners run: an event that ends a step (a question,
    # the start of checks, the resolution) is in the file with every event before it.
    enders = [
        (n, saved)
        for n, (kind, saved) in enumerate(saved_counts, 1)
        if kind not in SAVED_WITH_THE_NEXT
    ]
    assert enders and all(saved == n for n, saved in enders)
    # Results and messages wait for the next of those, and are never saved ahead of it.
    assert any(kind in SAVED_WITH_THE_NEXT for kind, _ in saved_counts)
    assert all(
        saved < n for n, (kind, saved) in enumerate(saved_counts, 1) if kind in SAVED_WITH_THE_NEXT
    )
    document = _saved(session)
    assert [e["kind"] for e in document["events"]] == [e.kind for e in engine.events]
    assert document["session"]["status"] == "resolved"
    assert document["session"]["tool_version"] == __version__
    assert document["session"]["flow"] == "demo-a"
    assert document["session"]["started"] == "2026-11-23T18:00:00Z"
    assert document["events"][0]["time"] == "2026-11-23T18:00:00Z"
    assert document["resolution"]["title"] == "Org server token (aud api://other)"
    assert stat.S_IMODE(session.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700


async def test_the_provider_is_recorded_once_a_check_learns_it(store: SessionStore, token: str):
    from tests.core.session.conftest import CLIENT_SECRET, SSWS_TOKEN

    session = new_session("secrets", store=store)
    engine = session.engine
    assert _saved_or_none(session) is None  # nothing happened yet
    await walk(engine, ["", token, CLIENT_SECRET, SSWS_TOKEN])
    assert _saved(session)["session"]["provider"] == "okta-custom"


async def test_status_tells_waiting_from_resolved(store: SessionStore):
    session = new_session("demo-a", {"aud": "api://other"}, store=store)
    engine = session.engine
    await walk(engine, [""])
    transcript = load_transcript(session.path)
    assert transcript.info.status == "waiting"
    assert transcript.info.last_node == "which-server"


async def test_recent_lists_sessions_newest_first_and_names_broken_files(store: SessionStore):
    first = new_session("demo-a", {"aud": "x"}, env=_env(FIXED_NOW), store=store)
    await first.engine.advance()
    second = new_session("slow", env=_env(FIXED_NOW + 60), store=store)
    await second.engine.advance()
    (store.folder / "20261123-170000-abcdef.json").write_text('{"schema_version": 1')
    listed = store.recent()
    assert [s.id for s in listed] == [second.id, first.id, "20261123-170000-abcdef"]
    assert listed[0].flow == "slow" and listed[0].last_node == "hello"
    assert listed[0].status == "waiting"
    assert "truncated" in listed[2].problem


async def test_find_takes_an_id_its_start_or_a_path(store: SessionStore):
    session = new_session("demo-a", {"aud": "x"}, store=store)
    await session.engine.advance()
    assert store.find(session.id) == session.path
    assert store.find(session.id[:17]) == session.path
    assert store.find(str(session.path)) == session.path
    with pytest.raises(UserError, match="no saved session 'nope'"):
        store.find("nope")


async def test_an_ambiguous_start_of_an_id_asks_for_more(store: SessionStore):
    for _ in range(2):
        session = new_session("demo-a", {"aud": "x"}, store=store)
        await session.engine.advance()
    with pytest.raises(UserError, match="names several sessions"):
        store.find("20261123")


async def test_a_failing_autosave_does_not_stop_the_session(tmp_path: Path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    session = new_session("demo-a", {"aud": "api://other"}, store=SessionStore(blocked))
    engine = session.engine
    prompt = await walk(engine, ["", "org"])
    assert prompt.node == "org-aud"
    assert session.save_error and session.save_error.startswith("the session could not be saved")


def _env(now: float):
    from tests.core.session.conftest import fixed_env

    return fixed_env(now)


def _saved(session: Session) -> dict:
    return json.loads(session.path.read_text())


def _saved_or_none(session: Session) -> dict | None:
    return _saved(session) if session.path.exists() else None
