"""The README's examples run as written: a reader who copies them gets what the README says."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.core.net.loopback import TestIssuer

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def block_after(marker: str, language: str) -> str:
    """The first fenced block in `language` after the line containing `marker`."""
    tail = README[README.index(marker) :]
    match = re.search(rf"```{language}\n(.*?)```", tail, re.S)
    assert match, f"no {language} block after {marker!r}"
    return match.group(1)


def test_the_answers_file_example_reaches_a_diagnosis(tmp_path: Path):
    answers = block_after("An answers file for `wizard run`", "yaml")
    command = block_after("An answers file for `wizard run`", "sh").strip()
    argv = shlex.split(command)
    assert argv[0] == "wizard"
    with TestIssuer() as issuer:  # a real issuer on loopback, so the token's checks all run
        # The README's issuer stands for the reader's; here it is the loopback one.
        answers = answers.replace("https://dev-123.okta.com/oauth2/default", issuer.issuer)
        (tmp_path / "answers.yaml").write_text(answers)
        (tmp_path / "token.txt").write_text(issuer.mint(scope="openid api.read"))
        done = subprocess.run(
            [sys.executable, "-m", "wizard", *argv[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={
                "PATH": os.environ.get("PATH", ""),
                "PYTHONPATH": str(ROOT),
                "WIZARD_FLOWS": "",
                "HOME": str(tmp_path),
            },
        )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr  # 0: a resolution was reached
    # The audience the answers file gave was the one checked, and the token's checks all ran.
    assert "token.audience (pass)" in done.stdout
    assert "token.signature (pass)" in done.stdout
