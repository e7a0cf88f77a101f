"""Fixtures of the reliability suite: the loopback servers of the network tests, reused."""

import pytest

from tests.core.net.loopback import issuer, serve
from tests.reliability.rawserver import raw_server

__all__ = ["issuer", "raw_server", "serve"]

PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The client honours proxy variables; here every request must reach the loopback server."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
