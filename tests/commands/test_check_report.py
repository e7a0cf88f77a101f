"""`wizard check`'s text report: only what applied (with a count), wrapping under the column,
colour on a terminal only, and NO_COLOR / --no-color honoured."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from tests.core.tokens.minting import mint
from wizard.commands.colour import coloured_line, print_coloured
from wizard.core.checks.batch import report_text
from wizard.core.vocab.result import CheckResult, Status

ROOT = Path(__file__).resolve().parents[2]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
LONG_URL = "https://login.example.test/realms/acme/protocol/openid-connect/certs?with=a-long-query"


def result(check_id: str, status: Status, detail: str = "found it", fix: str = "") -> CheckResult:
    return CheckResult(id=check_id, status=status, title=check_id, detail=detail, fix=fix)


RESULTS = [
    result("token.format", Status.PASS),
    result("token.audience", Status.FAIL, "aud is wrong", fix="ask for the API's audience"),
    result("token.scopes", Status.SKIP, "no scopes were named"),
    result("userinfo.request", Status.SKIP, "not asked for"),
    result("token.signature", Status.SKIP, "offline: the signature was not verified"),
]


def test_checks_that_did_not_apply_are_counted_not_listed():
    lines = report_text(RESULTS, {}).splitlines()
    listed = [line.split()[1] for line in lines if re.match(r"^[✓!✗?-] ", line)]
    assert listed == ["token.format", "token.audience", "token.signature"]
    assert any("2 other checks did not apply" in line and "--all" in line for line in lines)


def test_all_lists_every_check():
    lines = report_text(RESULTS, {}, show_all=True).splitlines()
    listed = [line.split()[1] for line in lines if re.match(r"^[✓!✗?-] ", line)]
    assert listed == [r.id for r in RESULTS]
    assert not any("did not apply" in line for line in lines)


def test_long_lines_wrap_under_their_column_and_keep_urls_whole():
    detail = "The keys were fetched from " + LONG_URL + " and " + "none of them fits " * 6
    text = report_text([result("token.signature", Status.FAIL, detail, fix=detail)], {}, width=70)
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("✗ token.signature"))
    column = lines[first].index("The keys")
    continuation = lines[first + 1]
    assert continuation.startswith(" " * column) and not continuation[column].isspace()
    assert LONG_URL in text  # never split, even when longer than the width
    assert all(len(line) <= 70 or LONG_URL in line for line in lines)


def test_a_url_longer_than_its_column_moves_left_rather_than_past_the_edge():
    url = "http://127.0.0.1:41717/idp/.well-known/openid-configuration"  # 59 characters
    detail = f"Discovery at {url} names issuer 'http://127.0.0.1:41717/idp', identical."
    text = report_text([result("discovery.document", Status.PASS, detail)], {}, width=80)
    shown = [line for line in text.splitlines() if url in line]
    assert len(shown) == 1 and shown[0].strip() == url
    assert all(len(line) <= 80 for line in text.splitlines())


def test_without_a_width_each_check_is_one_line():
    detail = "word " * 60
    lines = report_text([result("token.format", Status.PASS, detail)], {}).splitlines()
    assert sum(1 for line in lines if line.startswith("✓ token.format")) == 1


def test_the_symbol_and_id_are_styled_and_nothing_else_is_read_as_markup():
    line = coloured_line("✗ token.audience  aud is [bold]wrong[/]")
    styles = {str(span.style) for span in line.spans}
    assert "bold red" in styles and "bold" in styles
    assert line.plain == "✗ token.audience  aud is [bold]wrong[/]"
    out = StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", markup=False)
    print_coloured("✗ token.audience  aud is [/]", console)
    assert "[/]" in ANSI.sub("", out.getvalue())
    assert ANSI.search(out.getvalue())


def run_in_terminal(*args: str, env_extra: dict[str, str] | None = None) -> str:
    """`wizard check ARGS` with a pseudo-terminal as its output, as a user's shell runs it."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100", **(env_extra or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "wizard", "check", *args],
        cwd=ROOT,
        stdout=follower,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


TOKEN = mint({"iss": "https://idp.example.test", "aud": "api://x", "sub": "u", "exp": 1})


def test_a_terminal_gets_colour_a_pipe_does_not():
    assert ANSI.search(run_in_terminal(TOKEN, "--offline"))
    piped = subprocess.run(
        [sys.executable, "-m", "wizard", "check", TOKEN, "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TERM": "xterm-256color"},
    )
    assert "token.lifetime" in piped.stdout and not ANSI.search(piped.stdout)


@pytest.mark.slow
def test_no_color_and_the_flag_turn_colour_off_on_a_terminal():
    for shown in (
        run_in_terminal(TOKEN, "--offline", env_extra={"NO_COLOR": "1"}),
        run_in_terminal(TOKEN, "--offline", "--no-color"),
    ):
        assert "token.lifetime" in shown and not ANSI.search(shown)
