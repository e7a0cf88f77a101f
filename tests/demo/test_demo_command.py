"""`wizard demo` as a user runs it: --list, --serve in a real process, bad names.

The TUI side (the demo home, playing scenarios) is tested with the UI, in tests/ui/.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from wizard.demo.scenarios import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"http://127\.0\.0\.1:\d+\S*")


def _wizard(*args: str) -> list[str]:
    """The command line running `wizard ARGS` with this interpreter, from the worktree."""
    return [sys.executable, "-m", "wizard", *args]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_wizard(*args), cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_list_shows_every_scenario_on_one_line_each():
    result = _run("demo", "--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(SCENARIOS)
    for line, scenario in zip(lines, SCENARIOS, strict=True):
        assert line.startswith(scenario.name + " ")
        assert scenario.summary in line


def test_an_unknown_scenario_is_one_line_with_a_suggestion_and_exit_2():
    result = _run("demo", "--serve", "okta-missing-emial")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0
    assert "did you mean 'okta-missing-email'?" in result.stderr
    assert "Traceback" not in result.stderr


class _Served:
    """A `wizard demo --serve` process whose output is read until it says it is serving."""

    def __init__(self, scenario: str) -> None:
        self.process = subprocess.Popen(
            _wizard("demo", "--serve", scenario),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        ready = threading.Event()

        def read() -> None:
            for line in self.process.stdout:  # type: ignore[union-attr]
                self.lines.append(line)
                if line.startswith("Serving until"):
                    ready.set()
            ready.set()

        threading.Thread(target=read, daemon=True).start()
        # A generous bound: this waits for readiness, it does not measure speed.
        assert ready.wait(30), "the demo did not say it was serving"
        assert self.process.poll() is None, self.process.stderr.read()  # type: ignore[union-attr]

    def url(self, label: str) -> str:
        line = next(line for line in self.lines if line.strip().startswith(label))
        return URL.search(line).group(0)  # type: ignore[union-attr]

    def stop(self, signum: int) -> tuple[int, str]:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=30)
        return code, self.process.stderr.read()  # type: ignore[union-attr]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_prints_the_world_answers_http_and_stops_cleanly(signum):
    served = _Served("auth0-userinfo-no-openid")
    try:
        output = "".join(served.lines)
        assert "demo values minted for this run" in output
        assert "wizard check " in output and "--token " not in output
        command = next(line for line in served.lines if "wizard check " in line)
        token_file = Path(shlex.split(command)[shlex.split(command).index("--token-file") + 1])
        assert token_file.stat().st_mode & 0o777 == 0o600
        assert "auth0-userinfo-missing-openid" in output
        resource, userinfo = served.url("protected resource"), served.url("userinfo")
        token = next(line.split()[1] for line in served.lines if line.startswith("  token "))
        headers = {"Authorization": f"Bearer {token}"}
        assert httpx.get(resource, headers=headers, timeout=10).status_code == 200
        assert httpx.get(userinfo, headers=headers, timeout=10).status_code == 401
        code, stderr = served.stop(signum)
    finally:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()
    assert code == 0
    assert "Traceback" not in stderr
    assert "stopped" in served.lines[-1]
    assert not token_file.exists()  # the token file goes with the world
    with pytest.raises(httpx.ConnectError):
        httpx.get(resource, timeout=5)


def test_serve_opensearch_removes_its_config_files_on_stop():
    served = _Served("opensearch-subject-case")
    try:
        folder = Path(next(l.split()[-1] for l in served.lines if "config files" in l))  # noqa: E741
        assert (folder / "config.yml").is_file()
        code, _ = served.stop(signal.SIGTERM)
    finally:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait()
    assert code == 0
    assert not folder.exists()


def test_the_demo_command_module_stays_light():
    # The parser imports every command module: `demo` must not drag the crypto stack in.
    code = (
        "import sys, wizard.commands.demo; "
        "print(any(m in sys.modules for m in ('jwt', 'cryptography', 'httpx', 'textual')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert result.stdout.strip() == "False"


def test_the_demo_world_never_imports_textual():
    code = "import sys, wizard.demo, wizard.demo.world; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("name", [s.name for s in SCENARIOS])
def test_the_printed_check_line_is_a_valid_wizard_check_command(name: str):
    import shlex

    from wizard.cli import build_parser
    from wizard.commands.demo import check_command
    from wizard.demo.world import DemoWorld

    with DemoWorld(name) as world:
        facts = dict(world.facts)
    token_file = Path("/tmp/token.txt")
    *exports, command = check_command(facts, token_file)
    args = build_parser().parse_args(shlex.split(command)[1:])
    assert args.command == "check"
    assert args.token_file == str(token_file)
    assert args.issuer == facts["issuer"]
    # No credential on the command line: secrets go through the environment, the token a file.
    for secret in ("token", "access_token", "id_token", "client_secret", "okta_api_token"):
        if facts.get(secret):
            assert facts[secret] not in command
    for fact in ("client_secret", "okta_api_token"):
        if facts.get(fact):
            assert any(line.startswith("export WIZARD_") for line in exports)
