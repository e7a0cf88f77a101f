"""Fixtures of the reliability suite: the loopback servers of the network tests, reused."""

from tests.core.net.loopback import issuer, serve
from tests.reliability.rawserver import raw_server

__all__ = ["issuer", "raw_server", "serve"]
