"""Bad token input on the command line: one clear message, exit 2, and the value never echoed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CUT_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjdXQtb2ZmLXVzZXIifQ"


def wizard(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def answers_file(tmp_path: Path, token: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(f"facts:\n  token: {token!r}\nanswers: {{}}\n")
    return path


@pytest.mark.parametrize(
    ("token", "words"),
    [
        ("this is my token!!", "spaces and punctuation"),
        (CUT_JWT, "looks cut off"),
    ],
)
def test_check_refuses_what_cannot_be_a_token(token, words):
    done = wizard("check", token, "--offline")
    assert done.returncode == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert CUT_JWT not in done.stderr + done.stdout


def test_check_names_token_file_for_a_file_given_as_the_token(tmp_path):
    path = tmp_path / "token.jwt"
    path.write_text(CUT_JWT + ".sig")
    done = wizard("check", str(path), "--offline")
    assert done.returncode == 2
    assert "did you mean --token-file FILE?" in done.stderr


def test_run_refuses_a_file_name_in_fact_and_names_the_at_form(tmp_path):
    path = tmp_path / "token.txt"
    path.write_text("x")
    done = wizard("run", "okta-sp-401", "--fact", f"token={path}", "--answers",
                  str(answers_file(tmp_path, "")))  # fmt: skip
    assert done.returncode == 2
    assert "--fact token=@FILE" in done.stderr


def test_run_refuses_a_cut_token_in_an_answers_file(tmp_path):
    done = wizard("run", "okta-sp-401", "--answers", str(answers_file(tmp_path, CUT_JWT)))
    assert done.returncode == 2
    assert "looks cut off" in done.stderr and CUT_JWT not in done.stderr + done.stdout


def test_check_names_a_doubled_bearer_as_the_clients_bug():
    token = CUT_JWT + ".c2lnbmF0dXJl"
    done = wizard("check", f"Bearer Bearer {token}", "--offline")
    assert "Bearer Bearer" in done.stdout and "the client adds the scheme" in done.stdout
