"""The issuer's discovery document and JWKS, each fetched at most once per session.

Concurrent checks asking for the same document share one request: the first creates a task,
the others await it; a failure is shared the same way, so ten checks never mean ten requests.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from wizard.core.net.fetch import FetchedResponse, NetworkProblem, fetch_json
from wizard.core.net.policy import narrow_url
from wizard.core.vocab.environment import CheckEnvironment, MemoKey

if TYPE_CHECKING:
    import asyncio

T = TypeVar("T")
WELL_KNOWN = "/.well-known/openid-configuration"


@dataclass(frozen=True)
class IssuerMetadata:
    """A fetched discovery document and the issuer its URL was built from."""

    issuer: str
    url: str
    document: dict[str, Any]
    response: FetchedResponse
    confirmed: bool = True

    def endpoint(self, name: str) -> str | None:
        value = self.document.get(name)
        return value if isinstance(value, str) and value else None


def discovery_url(issuer: str) -> str:
    """OpenID Connect Discovery 1.0 section 4: strip one trailing slash, append the path."""
    return issuer.removesuffix("/") + WELL_KNOWN


# Every document asked for in the session, by kind, trust and URL: a session talks to few
# servers, and each is asked once.
_FETCHES: MemoKey[tuple[str, bool, str], asyncio.Future[Any]] = MemoKey(
    "documents fetched", size=None
)


async def _shared(
    env: CheckEnvironment, key: tuple[str, bool, str], make: Callable[[], Awaitable[T]]
) -> T:
    import asyncio  # deferred: `wizard check --offline` runs its checks without an event loop

    task = env.memo(_FETCHES).get_or_make(key, lambda: asyncio.ensure_future(make()))
    return await asyncio.shield(task)


async def get_discovery(
    env: CheckEnvironment, issuer: str, *, confirmed: bool = True
) -> IssuerMetadata:
    """The issuer's discovery document (raises NetworkProblem, the same one for every caller).

    `confirmed=False` is for an issuer only a token named: the narrow rules of
    `fetch(confirmed=False)` apply to the document and to the keys it leads to.
    """

    async def load() -> IssuerMetadata:
        url = discovery_url(issuer if confirmed else narrow_url(issuer))
        response, document = await fetch_json(
            env, url, what="discovery document", confirmed=confirmed
        )
        return IssuerMetadata(
            issuer=issuer, url=url, document=document, response=response, confirmed=confirmed
        )

    # Kept apart by trust, so a refused unconfirmed fetch never stands in for a confirmed one.
    return await _shared(env, ("discovery", confirmed, issuer), load)


async def get_trusted_discovery(
    env: CheckEnvironment, issuer: str, *, confirmed: bool = True
) -> IssuerMetadata:
    """The discovery document, refused (NetworkProblem) when it names another issuer.

    OpenID Connect Discovery 1.0 section 4.3: such a document must not be used, so neither
    its keys nor its endpoints are; discovery.document reports the mismatch itself.
    """
    metadata = await get_discovery(env, issuer, confirmed=confirmed)
    named = metadata.document.get("issuer")
    if named != issuer:
        raise NetworkProblem(
            f"The discovery document at {metadata.url} names issuer {named!r}, not {issuer!r}; "
            "a document whose issuer differs must not be used, so nothing in it was.",
            url=metadata.url,
        )
    return metadata


async def get_jwks(
    env: CheckEnvironment, jwks_uri: str, *, confirmed: bool = True
) -> tuple[FetchedResponse, list[dict]]:
    """The key set at `jwks_uri`: its response and the `keys` list, each key a JSON object."""

    async def load() -> tuple[FetchedResponse, list[dict]]:
        response, document = await fetch_json(env, jwks_uri, what="JWKS", confirmed=confirmed)
        keys = document.get("keys")
        if not isinstance(keys, list) or not all(isinstance(key, dict) for key in keys):
            raise NetworkProblem(
                f"The JWKS at {jwks_uri} has no `keys` array of objects (RFC 7517 section 5).",
                url=jwks_uri,
            )
        return response, keys

    return await _shared(env, ("jwks", confirmed, jwks_uri), load)


async def get_issuer_keys(
    env: CheckEnvironment, issuer: str, *, confirmed: bool = True
) -> tuple[IssuerMetadata, str, FetchedResponse, list[dict]]:
    """Discovery, then the JWKS from its `jwks_uri`: the only place keys are ever taken from."""
    metadata = await get_trusted_discovery(env, issuer, confirmed=confirmed)
    jwks_uri = metadata.endpoint("jwks_uri")
    if not jwks_uri:
        raise NetworkProblem(
            f"The discovery document at {metadata.url} has no jwks_uri, so there are no keys "
            "to verify with.",
            url=metadata.url,
        )
    response, keys = await get_jwks(env, jwks_uri, confirmed=confirmed)
    return metadata, jwks_uri, response, keys
