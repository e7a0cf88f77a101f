"""Run ``provider/server.mjs`` under node for the tests: start, wait until ready, stop."""

from __future__ import annotations

import json
import os
import secrets
import selectors
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

from .oidc import MACHINE_CLIENT_ID, REDIRECT_URI, WEB_CLIENT_ID, OidcProvider
from .signing_keys import SigningKeys

PROVIDER_DIR = Path(__file__).parent / "provider"
INSTALL_COMMAND = "npm ci --prefix tests/integration/provider"

# The provider needs a second or two here; the bound is for a slow, loaded machine.
START_TIMEOUT_SECONDS = 30.0


class ProviderUnavailable(RuntimeError):
    """The provider cannot run here: node or its installed packages are missing."""


class ProviderStartFailed(RuntimeError):
    """The provider process was started but never answered discovery."""


def check_installed() -> str:
    """Return the path of ``node``, or raise :class:`ProviderUnavailable` saying what to do."""
    node = shutil.which("node")
    if node is None:
        raise ProviderUnavailable(
            "node is not on PATH; the integration provider needs node >= 20.19"
        )
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        raise ProviderUnavailable(
            f"the provider's packages are not installed; run `{INSTALL_COMMAND}`"
        )
    return node


@dataclass
class RunningProvider:
    """A provider process and the handle to talk to it; :meth:`stop` ends the process."""

    process: subprocess.Popen[bytes]
    provider: OidcProvider
    stderr_file: IO[bytes]

    def stop(self) -> None:
        """Terminate the node process and wait for it, killing it if it will not leave."""
        stop_process(self.process)
        self.stderr_file.close()


def start_provider(timeout: float = START_TIMEOUT_SECONDS) -> RunningProvider:
    """Start ``node server.mjs`` on a free loopback port and wait until discovery answers.

    Raises:
        ProviderUnavailable: node or the provider's packages are missing.
        ProviderStartFailed: the process died or did not answer in ``timeout`` seconds; the
            message carries node's stderr.
    """
    node = check_installed()
    keys = SigningKeys.generate()
    web_secret = secrets.token_urlsafe(32)
    machine_secret = secrets.token_urlsafe(32)
    # node reads the keys once at start; the file is gone before any test runs.
    with tempfile.TemporaryDirectory() as key_dir:
        jwks_file = Path(key_dir) / "jwks.json"
        jwks_file.write_text(json.dumps(keys.private_jwks()))
        process, stderr_file, issuer, discovery = _launch(
            node,
            {
                "OIDC_PORT": "0",
                "OIDC_JWKS_FILE": str(jwks_file),
                "OIDC_WEB_CLIENT_ID": WEB_CLIENT_ID,
                "OIDC_WEB_CLIENT_SECRET": web_secret,
                "OIDC_WEB_REDIRECT_URI": REDIRECT_URI,
                "OIDC_MACHINE_CLIENT_ID": MACHINE_CLIENT_ID,
                "OIDC_MACHINE_CLIENT_SECRET": machine_secret,
            },
            time.monotonic() + timeout,
        )
    provider = OidcProvider(
        issuer=issuer,
        discovery=discovery,
        web_client_secret=web_secret,
        machine_client_secret=machine_secret,
        signing_keys=keys,
    )
    return RunningProvider(process=process, provider=provider, stderr_file=stderr_file)


def _launch(
    node: str, settings: dict[str, str], deadline: float
) -> tuple[subprocess.Popen[bytes], IO[bytes], str, dict[str, Any]]:
    environment = {**os.environ, **settings}
    # stderr goes to a file, not a pipe: nobody reads it while tests run, and a full pipe would
    # stall the provider. stdin stays an open pipe so that node leaves if this process dies.
    stderr_file = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the process)
    process = subprocess.Popen(
        [node, "server.mjs"],
        cwd=PROVIDER_DIR,
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr_file,
    )
    try:
        announcement = _read_first_line(process, deadline)
        issuer = json.loads(announcement)["issuer"]
        discovery = _wait_for_discovery(process, issuer, deadline)
    except Exception as failure:
        stop_process(process)
        stderr_file.seek(0)
        stderr = stderr_file.read().decode(errors="replace")
        stderr_file.close()
        raise ProviderStartFailed(f"{failure}\nnode stderr:\n{stderr}") from failure
    return process, stderr_file, issuer, discovery


def _read_first_line(process: subprocess.Popen[bytes], deadline: float) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
            raise TimeoutError("the provider printed no address before the deadline")
    line = process.stdout.readline().decode()
    if not line:
        raise RuntimeError(f"the provider exited with code {process.wait()} before starting")
    return line


def _wait_for_discovery(
    process: subprocess.Popen[bytes], issuer: str, deadline: float
) -> dict[str, Any]:
    url = f"{issuer}/.well-known/openid-configuration"
    last_problem = "no attempt made"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the provider exited with code {process.returncode}")
        try:
            response = httpx.get(url, timeout=2.0)
            if response.status_code == 200:
                return response.json()
            last_problem = f"HTTP {response.status_code}"
        except httpx.HTTPError as error:
            last_problem = repr(error)
        time.sleep(0.05)
    raise TimeoutError(f"discovery at {url} did not answer 200 in time (last: {last_problem})")


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """End a child process politely, then firmly; close its pipes."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            pipe.close()
