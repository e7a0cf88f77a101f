"""`wizard run --transcript`, `wizard resume` and `wizard replay` as a user calls them."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.core.session.conftest import REGISTRY, SESSION_FLOWS, mint_token
from wizard import cli
from wizard.core.checks import catalog as check_catalog

ROOT = Path(__file__).resolve().parents[2]
CLI_FLOWS = ROOT / "tests" / "data" / "cli_flows"
SCHEMA = json.loads((ROOT / "docs" / "transcript.schema.json").read_text())


@pytest.fixture
def data_folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def wizard(data_folder: Path):
    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wizard", "--flows", str(CLI_FLOWS), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            env={
                "PATH": "",
                "PYTHONPATH": str(ROOT),
                "WIZARD_FLOWS": "",
                "WIZARD_DATA_DIR": str(data_folder),
            },
        )

    return call


def answers(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("wizard: error: "), result.stderr
    for word in words:
        assert word in lines[0]


def test_run_writes_markdown_or_json_by_extension_or_format(tmp_path: Path, wizard):
    done = answers(tmp_path, "facts: {name: Ada, secret_word: hunter22}\nanswers: {colour: blue}\n")
    md, js, txt = tmp_path / "t.md", tmp_path / "t.json", tmp_path / "t.txt"
    for target, extra in ((md, ()), (js, ()), (txt, ("--format", "json"))):
        result = wizard("run", "pick", "--answers", str(done), "--transcript", str(target), *extra)
        assert result.returncode == 0, result.stderr
        assert f"wizard: transcript written to {target}" in result.stderr
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert "hunter22" not in target.read_text()
    text = md.read_text()
    assert "## Conversation" in text and "**wizard:** Hello Ada." in text
    assert "1. Paint it blue.\n2. Admire it." in text
    for target in (js, txt):
        document = json.loads(target.read_text())
        jsonschema.validate(document, SCHEMA)
        assert document["resolution"]["resolution"] == "blue"


def test_run_refuses_to_overwrite_before_the_session_starts(tmp_path: Path, wizard):
    done = answers(tmp_path, "facts: {name: Ada}\nanswers: {colour: red}\n")
    target = tmp_path / "ticket.md"
    target.write_text("my notes")
    result = wizard("run", "pick", "--answers", str(done), "--transcript", str(target))
    assert_one_line_error(result, "ticket.md exists", "--force")
    assert result.stdout == ""  # the session did not run
    assert target.read_text() == "my notes"
    result = wizard("run", "pick", "--answers", str(done), "--transcript", str(target), "--force")
    assert result.returncode == 0
    assert target.read_text().startswith("# oidc-401 wizard session: Pick a colour")


def test_run_masks_emails_with_redact_pii(tmp_path: Path, wizard):
    done = answers(tmp_path, "facts: {name: Ada}\nanswers: {colour: red}\n")
    target = tmp_path / "t.json"
    result = wizard(
        "run",
        "pick",
        "--answers",
        str(done),
        "--fact",
        "email=ada.lovelace@example.org",
        "--transcript",
        str(target),
        "--redact-pii",
    )
    assert result.returncode == 0, result.stderr
    text = target.read_text()
    assert "ada.lovelace" not in text
    assert json.loads(text)["facts"]["email"]["value"] == "[email 1]"


def test_resume_lists_sessions_and_goes_on_asking_the_secret_again(
    tmp_path: Path, wizard, data_folder: Path
):
    assert wizard("resume").stdout.startswith("no saved sessions in ")
    partial = answers(tmp_path, "facts: {name: Ada, secret_word: hunter22}\n")
    first = wizard("run", "pick", "--answers", str(partial), "--save-session")
    assert first.returncode == 3
    session_id = first.stderr.split("session saved as ")[1].split()[0]

    listing = wizard("resume")
    assert listing.returncode == 0
    header, row = listing.stdout.splitlines()[:2]
    assert header.split() == ["SESSION", "FLOW", "LAST", "NODE", "UPDATED", "STATUS"]
    assert row.startswith(session_id) and row.split()[1:3] == ["pick", "colour"]
    assert row.endswith("waiting")

    rest = answers(tmp_path, "answers: {colour: blue}\n", "rest.yaml")
    resumed = wizard(
        "resume", session_id[:15], "--answers", str(rest), "--transcript", str(tmp_path / "t.md")
    )
    assert resumed.returncode == 0, resumed.stderr
    out = resumed.stdout
    assert f"(resumed session {session_id} at node 'colour' of flow 'pick')" in out
    assert "wizard asks: Say the secret word [secret_word]" in out  # never saved: asked again
    assert "Ada picked blue." in out
    assert "**wizard:** Hello Ada." in (tmp_path / "t.md").read_text()  # the saved part too
    assert wizard("resume").stdout.splitlines()[1].endswith("resolved")
    for path in [*data_folder.rglob("*.json"), tmp_path / "t.md"]:
        assert "hunter22" not in path.read_text()


def test_resume_takes_a_secret_given_again(tmp_path: Path, wizard):
    partial = answers(tmp_path, "facts: {name: Ada, secret_word: hunter22}\n")
    session_id = (
        wizard("run", "pick", "--answers", str(partial), "--save-session")
        .stderr.split("session saved as ")[1]
        .split()[0]
    )
    rest = answers(tmp_path, "answers: {colour: red}\n", "rest.yaml")
    resumed = wizard("resume", session_id, "--answers", str(rest), "--fact", "secret_word=hunter22")
    assert resumed.returncode == 0
    assert "Say the secret word" not in resumed.stdout


def test_resume_without_a_terminal_needs_answers(tmp_path: Path, wizard):
    partial = answers(tmp_path, "facts: {name: Ada}\n")
    session_id = (
        wizard("run", "pick", "--answers", str(partial), "--save-session")
        .stderr.split("session saved as ")[1]
        .split()[0]
    )
    assert_one_line_error(wizard("resume", session_id), "needs --answers FILE")
    assert_one_line_error(wizard("resume", "nope"), "no saved session 'nope'")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"schema_version": 1, "kind": "oidc-401-wiz', ("ends too early (truncated?)",)),
        ('{"schema_version": 9, "kind": "oidc-401-wizard transcript"}', ("newer wizard",)),
        ('{"schema_version": 1, "kind": "oidc-401-wizard transcript"}', ("session is missing",)),
        ("# oidc-401 wizard session: Pick a colour\n", ("Markdown transcript",)),
    ],
)
def test_bad_transcripts_give_one_clear_line(tmp_path: Path, wizard, text: str, words):
    path = tmp_path / "t.json"
    path.write_text(text)
    assert_one_line_error(wizard("replay", str(path)), str(path), *words)
    assert_one_line_error(wizard("resume", str(path), "--answers", str(path)), *words)


# --- replay, in this process, with the test checks added to the real catalog -------------


@pytest.fixture
def in_process(monkeypatch: pytest.MonkeyPatch, data_folder: Path):
    registry = {**check_catalog.load_registry(), **REGISTRY}
    for module in (
        "wizard.core.checks.catalog",
        "wizard.commands.flowsource",
        "wizard.core.session.headless",
    ):
        monkeypatch.setattr(f"{module}.load_registry", lambda: registry)
    monkeypatch.setenv("WIZARD_DATA_DIR", str(data_folder))
    monkeypatch.setenv("WIZARD_FLOWS", "")
    return lambda *args: cli.main(["--flows", str(SESSION_FLOWS), *args])


def test_replay_prints_what_changed_and_exits_by_whether_it_got_worse(
    tmp_path: Path, in_process, capsys
):
    world, token_file = tmp_path / "world.txt", tmp_path / "token.txt"
    token = mint_token()
    token_file.write_text(token + "\n")
    world.write_text("warn")
    run_answers = answers(tmp_path, f"facts: {{world: '{world}', token: '{token}'}}\n")
    saved = tmp_path / "session.json"
    assert (
        in_process("run", "world", "--answers", str(run_answers), "--transcript", str(saved)) == 0
    )
    assert token not in saved.read_text()
    capsys.readouterr()

    world.write_text("pass")
    assert in_process("replay", "--yes", str(saved)) == 0
    out = capsys.readouterr().out
    assert "  world.file: warn → pass (better): the world says pass" in out
    assert "  echo: not replayable: needs token" in out
    assert "3 checks replayed: 1 better, 1 unchanged, 1 not replayable" in out
    # the way to give the token again is said once, not on every check that needs it
    hints = [line for line in out.splitlines() if "--fact token=@FILE" in line]
    assert len(hints) == 1 and hints[0].startswith("hint: ")

    world.write_text("fail")
    assert in_process("replay", "--yes", str(saved), "--token-file", str(token_file)) == 1
    out = capsys.readouterr().out
    assert "  world.file: warn → fail (worse): the world says fail" in out
    assert "  echo: fail (unchanged)" in out

    other = tmp_path / "other.txt"
    other.write_text(mint_token({"jti": "another-login"}))  # a distinct token, whatever the clock
    assert in_process("replay", "--yes", str(saved), "--token-file", str(other)) == 1
    assert (
        "note: the token given is not the one the session used (sha256:" in capsys.readouterr().out
    )


def test_replay_takes_a_saved_session_by_id(tmp_path: Path, wizard):
    done = answers(tmp_path, "facts: {name: Ada}\nanswers: {colour: red}\n")
    saved = wizard("run", "pick", "--answers", str(done), "--save-session")
    session_id = saved.stderr.split("session saved as ")[1].split()[0]
    result = wizard("replay", session_id[:15])
    assert result.returncode == 4, result.stderr  # nothing compared: not "nothing got worse"
    assert result.stdout.strip().endswith("the session ran no checks; nothing to replay")


def test_replay_that_can_run_no_check_again_exits_4(tmp_path: Path, in_process, capsys):
    token = mint_token()
    world = tmp_path / "world.txt"
    world.write_text("pass")
    run_answers = answers(tmp_path, f"facts: {{world: '{world}', token: '{token}'}}\n")
    saved = tmp_path / "session.json"
    assert (
        in_process("run", "world", "--answers", str(run_answers), "--transcript", str(saved)) == 0
    )
    capsys.readouterr()
    # Keep only the checks that need the token: without it given again, none can run.
    data = json.loads(saved.read_text())
    data["checks"] = [c for c in data["checks"] if c.get("withheld")]
    assert data["checks"], "the flow has a check that needs the token"
    saved.write_text(json.dumps(data))
    assert in_process("replay", "--yes", str(saved)) == 4
    out = capsys.readouterr().out
    assert "not replayable" in out and "hint: " in out


def test_demo_sessions_are_kept_out_of_resume_and_not_resumed(
    tmp_path: Path, wizard, data_folder: Path
):
    partial = answers(tmp_path, "facts: {name: Ada, secret_word: hunter22}\n")
    first = wizard("run", "pick", "--answers", str(partial), "--save-session")
    session_id = first.stderr.split("session saved as ")[1].split()[0]
    # Where `wizard demo` autosaves (the demo's own store): moved there as the demo would.
    saved = next((data_folder / "sessions").glob(f"{session_id}.json"))
    (data_folder / "demo" / "sessions").mkdir(parents=True)
    saved.rename(data_folder / "demo" / "sessions" / saved.name)

    listing = wizard("resume").stdout
    assert session_id not in listing
    assert "1 demo session kept apart" in listing
    demos = wizard("resume", "--demo")
    assert demos.returncode == 0 and session_id in demos.stdout
    assert_one_line_error(wizard("resume", session_id), "demo session", "wizard demo")
