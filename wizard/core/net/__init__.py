"""The network layer checks use: one client per session, a strict fetch, cached discovery.

Nothing here imports httpx at module level: the offline path imports this package's
names without paying for the network stack.
"""

from wizard.core.net.challenge import Challenge, parse_www_authenticate
from wizard.core.net.fetch import FetchedResponse, NetworkProblem, fetch, fetch_json
from wizard.core.net.issuer import (
    IssuerMetadata,
    discovery_url,
    get_discovery,
    get_issuer_keys,
    get_jwks,
    get_trusted_discovery,
)
from wizard.core.net.policy import is_loopback_host, origin_of, url_problem

__all__ = [
    "Challenge",
    "FetchedResponse",
    "IssuerMetadata",
    "NetworkProblem",
    "fetch",
    "fetch_json",
    "discovery_url",
    "get_discovery",
    "get_issuer_keys",
    "get_trusted_discovery",
    "get_jwks",
    "is_loopback_host",
    "origin_of",
    "parse_www_authenticate",
    "url_problem",
]
