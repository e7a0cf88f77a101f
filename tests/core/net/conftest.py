"""The loopback fixtures, for every test module in this folder."""

from tests.core.net.loopback import issuer, serve

__all__ = ["issuer", "serve"]
