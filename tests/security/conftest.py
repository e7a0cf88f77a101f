"""Fixtures of the security suite: real loopback servers, a clean environment, the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import user_environment
from tests.core.net.loopback import issuer, serve
from tests.reliability.rawserver import raw_server

__all__ = ["issuer", "raw_server", "serve", "wizard_cli", "ROOT"]

ROOT = Path(__file__).resolve().parents[2]
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Proxy variables of the machine would change where requests go; tests set their own."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def wizard_cli(
    *args: str, extra_env: dict | None = None, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """`python -m wizard ARGS` as a user runs it, with no proxy and no WIZARD_ variables
    but the test's own data folder."""
    env = user_environment(proxies=False)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={**env, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def assert_clean_exit(process: subprocess.CompletedProcess) -> None:
    """No traceback reached the user, whatever the exit status."""
    assert "Traceback" not in process.stderr + process.stdout, process.stderr
