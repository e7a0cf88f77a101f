"""Replay: the saved checks run again with their saved inputs; changes are reported."""

from __future__ import annotations

from pathlib import Path

from tests.core.session.conftest import REGISTRY, fixed_env, new_session, walk
from wizard.core.session.reading import load_transcript
from wizard.core.session.replay import replay_checks
from wizard.core.session.session import Session
from wizard.core.session.store import SessionStore
from wizard.core.session.transcript import Transcript


async def saved_world_session(tmp_path: Path, store: SessionStore, token: str) -> Transcript:
    world = tmp_path / "world.txt"
    world.write_text("fail")
    log = new_session("world", store=store)
    engine = log.engine
    finished = await walk(engine, [str(world), token])
    assert finished.node == "done"
    return load_transcript(log.path)


async def test_replay_reports_what_changed_and_what_could_not_run(
    tmp_path: Path, store: SessionStore, token: str
):
    transcript = await saved_world_session(tmp_path, store, token)
    (tmp_path / "world.txt").write_text("pass")
    report = await replay_checks(transcript, REGISTRY, Session.for_checks({}, fixed_env()))
    lines = [check.line() for check in report.checks]
    assert lines[0] == "world.file: fail → pass (better): the world says pass"
    assert "fake.audience: skip (unchanged)" in lines
    assert "echo: not replayable: needs token" in lines
    assert report.missing == ("token",)
    assert "--fact token=@FILE" in report.hint()
    assert report.replayed_any
    assert not report.worse
    assert report.summary() == "3 checks replayed: 1 better, 1 unchanged, 1 not replayable"


async def test_a_token_given_again_makes_its_checks_replayable(
    tmp_path: Path, store: SessionStore, token: str
):
    transcript = await saved_world_session(tmp_path, store, token)
    report = await replay_checks(
        transcript, REGISTRY, Session.for_checks({"token": token}, fixed_env())
    )
    echo = next(check for check in report.checks if check.key == "echo")
    assert echo.after == "fail" and echo.line() == "echo: fail (unchanged)"


async def test_a_check_that_got_worse_is_flagged(tmp_path: Path, store: SessionStore, token: str):
    transcript = await saved_world_session(tmp_path, store, token)
    transcript.checks[0].result["status"] = "pass"  # as if it had passed back then
    (tmp_path / "world.txt").write_text("error")
    report = await replay_checks(transcript, REGISTRY, Session.for_checks({}, fixed_env()))
    assert report.worse
    assert report.checks[0].line() == "world.file: pass → error (worse): the world says error"


async def test_a_check_no_longer_installed_is_not_replayable(
    tmp_path: Path, store: SessionStore, token: str
):
    transcript = await saved_world_session(tmp_path, store, token)
    report = await replay_checks(transcript, {}, Session.for_checks({}, fixed_env()))
    assert {check.after for check in report.checks} == {None}
    assert report.checks[0].why == "the check 'world.file' is not installed in this version"
    assert not report.worse
