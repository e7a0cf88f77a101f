"""A session killed with SIGKILL mid-way leaves a file that loads, and resume goes on from it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.core.session.conftest import REGISTRY, ROOT, load_flows
from wizard.core.flow.engine import AskFact, Finished
from wizard.core.session.reading import load_transcript
from wizard.core.session.resume import resume_session
from wizard.core.session.store import SessionStore

# Generous: the child only imports the package and walks three nodes.
WAIT_SECONDS = 60


def wait_for_checks_started(path: Path, child: subprocess.Popen) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        assert child.poll() is None, child.stderr.read()
        if path.exists():
            # Atomic replacement means every read sees a whole file, never a torn one.
            document = json.loads(path.read_text())
            if document["events"][-1]["kind"] == "checks_started":
                return document
        time.sleep(0.05)
    raise AssertionError("the child never reached its checks")


async def test_a_killed_session_loads_and_resumes_where_it_stopped(
    data_folder: Path, store: SessionStore, token: str
):
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.core.session.kill_target", token],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "WIZARD_DATA_DIR": str(data_folder)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        session_id = child.stdout.readline().strip()
        path = store.path_for(session_id)
        wait_for_checks_started(path, child)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=WAIT_SECONDS)
    assert child.returncode == -signal.SIGKILL

    assert token not in path.read_text()
    assert [p.name for p in store.folder.iterdir()] == [path.name]  # no temporary left over
    transcript = load_transcript(path)
    assert transcript.info.status == "in-progress"
    assert transcript.info.last_node == "work"
    assert transcript.state["stage"] == "checks"
    assert transcript.state["facts"] == {"name": "Ada"}

    # The same check, now quick, in this process.
    engine = resume_session(transcript, load_flows(), REGISTRY, store=store).engine
    prompt = await engine.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "token"  # never saved: asked again
    engine.answer(token)
    prompt = await engine.advance()
    assert isinstance(prompt, AskFact) and prompt.name == "colour"
    assert engine.results["slow.step"].detail == "done for Ada"
    engine.answer("green")
    finished = await engine.advance()
    assert isinstance(finished, Finished) and finished.title == "Done for Ada"

    saved = load_transcript(path)
    assert saved.info.id == session_id and saved.info.status == "resolved"
    kinds = [event.kind for event in saved.events]
    assert kinds.count("checks_started") == 2 and "resumed" in kinds
    assert token not in path.read_text()
