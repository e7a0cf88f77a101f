"""Running the `wizard` command in a subprocess, as a user does, for the ingest tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "ingest"


def wizard(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        timeout=300,
    )
