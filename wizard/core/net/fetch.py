"""One strict HTTP request: policy first, bounded in time and size, redirects by hand.

Every way a request can go wrong becomes a `NetworkProblem` with a sentence a person can act
on; HTTP error statuses are not problems here (a 401 is what the checks want to read).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from wizard.core.net.decoding import BoundedDecoder, DecodingProblem, TooLarge
from wizard.core.net.policy import (
    is_loopback_host,
    narrow_url,
    origin_of,
    unconfirmed_url_problem,
    url_problem,
)
from wizard.core.net.proxy import cleartext_proxy_problem
from wizard.core.vocab.environment import CheckEnvironment, MemoKey

if TYPE_CHECKING:
    import ssl

    import httpx

# The session's clients, by whether they bypass the proxy variables (`direct`): each is made
# on first use and closed with the session.
CLIENTS: MemoKey[bool, httpx.AsyncClient] = MemoKey("network clients", size=2)
MAX_REDIRECTS = 5
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}


class NetworkProblem(Exception):
    """A request gave no usable answer; `message` says why in words fit for a result."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.url = url


@dataclass(frozen=True)
class FetchedResponse:
    """What came back: the final URL, status, headers (lower-case names) and the body."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    redirects: tuple[str, ...] = ()
    insecure: bool = False
    received_at: float = 0.0
    all_challenges: tuple[str, ...] = ()  # every WWW-Authenticate header, unjoined

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def text(self, limit: int = 300) -> str:
        """The start of the body as text, for quoting in a result."""
        text = self.body.decode("utf-8", "replace").strip()
        return text if len(text) <= limit else text[:limit] + "…"

    def json(self) -> Any:
        """The body parsed as JSON, or a NetworkProblem naming what came instead."""
        if looks_like_html(self):
            raise NetworkProblem(
                f"{self.url} answered HTML (status {self.status}), not JSON: probably a login "
                "page, a proxy or a wrong URL.",
                url=self.url,
            )
        try:
            return json.loads(self.body)
        except RecursionError:
            raise NetworkProblem(
                f"{self.url} answered JSON nested too deeply to read; it is refused.", url=self.url
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise NetworkProblem(
                f"{self.url} answered something that is not valid JSON ({exc.__class__.__name__}"
                f"; content type {self.content_type or 'not given'}).",
                url=self.url,
            ) from None


def looks_like_html(response: FetchedResponse) -> bool:
    start = response.body.lstrip()[:15].lower()
    return response.content_type == "text/html" or start.startswith((b"<!doctype", b"<html"))


def get_client(env: CheckEnvironment, *, direct: bool = False) -> httpx.AsyncClient:
    """The session's client, created on first use; its close is registered on the env.

    `direct` gives a second client that ignores the proxy variables: loopback is never sent
    through a proxy (the proxy would be the one reading a local test token).
    """
    client = env.memo(CLIENTS).get(direct)
    if client is not None:
        return client
    import ssl  # deferred with httpx: the offline path never pays for the network stack

    import httpx

    options = env.options
    verify: ssl.SSLContext | bool
    if options.insecure:
        verify = False
    elif options.ca_bundle:
        try:
            verify = ssl.create_default_context(cafile=options.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise NetworkProblem(
                f"The CA bundle {options.ca_bundle} could not be loaded ({exc.__class__.__name__})."
            ) from None
    else:
        verify = _default_trust(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))
    timeout = httpx.Timeout(options.timeout)
    # trust_env keeps HTTPS_PROXY and NO_PROXY working as users expect; the trust store
    # (SSL_CERT_FILE) is read by _default_trust above for both clients.
    client = httpx.AsyncClient(
        verify=verify, timeout=timeout, follow_redirects=False, trust_env=not direct
    )
    env.memo(CLIENTS).put(direct, client)
    env.on_close(client.aclose)
    return client


def load_default_trust() -> None:
    """Build the default trust store now (an app does it while the user reads a screen)."""
    _default_trust(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


@functools.lru_cache(maxsize=2)
def _default_trust(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """httpx's own default context (certifi, or SSL_CERT_FILE / SSL_CERT_DIR), built once.

    Loading the trust store is the slowest part of opening a session (about 100 ms on a slow
    machine), and a context is safe to share: later sessions of the process reuse it. The
    arguments are the variables httpx reads, so a change of them gives a fresh context.
    """
    import httpx

    return httpx.create_ssl_context(verify=True, trust_env=True)


async def fetch(
    env: CheckEnvironment,
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    follow_redirects: bool = True,
    secret_headers: tuple[str, ...] = ("authorization",),
    confirmed: bool = True,
) -> FetchedResponse:
    """Send one request under the session's rules and read at most the size cap.

    Redirects are followed by hand (GET only, at most MAX_REDIRECTS) so that the headers named
    in `secret_headers` are dropped as soon as a hop leaves the original origin. An
    unconfirmed request (`confirmed=False`: for an issuer only a token named) carries no
    credential, goes only to public https hosts, and every URL of it is narrowed first.
    """
    send_headers = dict(headers or {})
    lowered = {name.lower() for name in secret_headers}
    carries_credential = data is not None or any(k.lower() in lowered for k in send_headers)
    if carries_credential and env.trust is not None and not env.trust.confirms(url):
        what = credential_named(send_headers, lowered, data)
        raise NetworkProblem(env.trust.refusal(url, what), url=url)
    if not confirmed and carries_credential:
        raise NetworkProblem(
            f"Refusing to send a credential to {narrow_url(url)}: nobody confirmed that origin "
            "(it came from a token or a document, not from you); nothing was sent.",
            url=url,
        )
    unsendable = [name for name, value in send_headers.items() if not _sendable(value)]
    if unsendable:
        # Checked before any socket: httpx would raise UnicodeEncodeError, out of every check.
        raise NetworkProblem(
            f"The {unsendable[0]} header cannot be sent: it holds a character outside printable "
            "ASCII (the token or secret was probably mangled when copied); nothing was sent.",
            url=url,
        )
    first_origin = origin_of(url)
    redirects: list[str] = []
    while True:
        if not confirmed:
            url = narrow_url(url)
        problem = url_problem(url, env.options)
        if not problem and not confirmed:
            problem = await unconfirmed_url_problem(url)
        if problem:
            raise NetworkProblem(problem, url=url)
        if origin_of(url) != first_origin:
            send_headers = {k: v for k, v in send_headers.items() if k.lower() not in lowered}
            carries_credential = data is not None
        direct = is_loopback_host(urlsplit(url).hostname or "")
        if carries_credential and not direct:
            problem = cleartext_proxy_problem(url)
            if problem:
                raise NetworkProblem(problem, url=url)
        response = await _send_once(env, method, url, send_headers, data, direct=direct)
        location = response.headers.get("location")
        if not (follow_redirects and method == "GET" and response.status in _REDIRECT_STATUSES):
            break
        if not location:
            break
        if len(redirects) >= MAX_REDIRECTS:
            raise NetworkProblem(
                f"{redirects[0]} redirected more than {MAX_REDIRECTS} times; stopped following.",
                url=url,
            )
        redirects.append(url)
        url = urljoin(url, location)
    return dataclasses.replace(response, redirects=tuple(redirects))


async def _send_once(
    env: CheckEnvironment,
    method: str,
    url: str,
    headers: Mapping[str, str],
    data: Mapping[str, str] | None,
    *,
    direct: bool = False,
) -> FetchedResponse:
    # Deferred with httpx: `wizard check --offline` runs without asyncio, and never gets here.
    import asyncio

    import httpx

    client = get_client(env, direct=direct)
    # Identity is asked for; whatever coding still comes is undone by BoundedDecoder.
    headers = {"Accept-Encoding": "identity", **headers}
    cap = env.options.max_response_bytes
    host = urlsplit(url).hostname or url
    try:
        # httpx's timeout bounds each read, so a server dripping a byte a second would hold
        # the session until the size cap; this deadline bounds the whole exchange as well.
        async with (
            asyncio.timeout(env.options.timeout),
            client.stream(method, url, headers=headers, data=data) as reply,
        ):
            declared = reply.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise _too_big(url, cap)
            chunks: list[bytes] = []
            # Counted after decompression, on every layer, so a small gzip bomb cannot slip
            # past the cap nor hold the event loop in one long zlib call.
            decoder = BoundedDecoder(reply.headers.get("content-encoding", ""), cap)
            async for chunk in reply.aiter_raw():
                chunks.append(decoder.feed(chunk))
                await asyncio.sleep(0)
            body = b"".join(chunks)
            names = {key.lower(): ", ".join(reply.headers.get_list(key)) for key in reply.headers}
            return FetchedResponse(
                url=url,
                status=reply.status_code,
                headers=names,
                body=body,
                insecure=env.options.insecure and url.lower().startswith("https:"),
                received_at=env.now(),
                all_challenges=tuple(reply.headers.get_list("www-authenticate")),
            )
    except NetworkProblem:
        raise
    except TooLarge:
        raise _too_big(url, cap) from None
    except DecodingProblem as exc:
        raise NetworkProblem(f"{url} answered a body that was not read: {exc}.", url=url) from None
    except (httpx.TimeoutException, TimeoutError) as exc:
        phase = "connecting to" if isinstance(exc, httpx.ConnectTimeout) else "waiting for"
        raise NetworkProblem(
            f"Timed out after {env.options.timeout:g} s {phase} {host} ({url}).", url=url
        ) from None
    except httpx.ProxyError:
        raise NetworkProblem(
            f"The proxy refused or failed the request to {url} (check HTTPS_PROXY).", url=url
        ) from None
    except httpx.ConnectError as exc:
        raise NetworkProblem(_connect_message(exc, host, url), url=url) from None
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
        # InvalidURL and StreamError are not HTTPErrors, yet an odd issuer URL raises the first.
        raise NetworkProblem(
            f"The request to {url} failed: {exc.__class__.__name__}.", url=url
        ) from None


def _sendable(value: str) -> bool:
    """True when `value` may travel in an HTTP header (RFC 9110 section 5.5: visible ASCII)."""
    return value.isascii() and all(char == "\t" or " " <= char < "\x7f" for char in value)


def credential_named(
    headers: Mapping[str, str], secret_headers: set[str], data: Mapping[str, str] | None
) -> str:
    """The credential a request would carry, in words: what the user is asked to send."""
    for name, value in headers.items():
        if name.lower() not in secret_headers:
            continue
        scheme = value.split(" ", 1)[0].lower() if isinstance(value, str) else ""
        if scheme == "ssws":
            return "the Okta API token"
        if scheme == "basic":
            return "the client id and secret"
        if scheme in ("bearer", "dpop"):
            return "the token"
    if data is not None:
        if "client_secret" in data:
            return "the client id and secret"
        if "token" in data:
            return "the token"
    return "a credential"


def _too_big(url: str, cap: int) -> NetworkProblem:
    return NetworkProblem(
        f"{url} sent more than {cap:,} bytes; stopped reading (the limit protects the session; "
        "a discovery document or JWKS is a few kilobytes).",
        url=url,
    )


def _connect_message(exc: Exception, host: str, url: str) -> str:
    import socket  # deferred like httpx: only a failed connection needs it

    text = str(exc)
    causes = _causes(exc)
    # anyio reports a refused connection as "All connection attempts failed"; the cause says.
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return f"Connection to {host} refused ({url}): nothing listens there."
    if any(isinstance(cause, socket.gaierror) for cause in causes):
        return f"The host name {host} could not be resolved (DNS): check the URL ({url})."
    lowered = " ".join(str(cause) for cause in causes).lower()
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return (
            f"TLS to {host} failed: {text.strip() or 'handshake error'}. If the server uses a "
            "private CA, pass --ca-bundle FILE (or set SSL_CERT_FILE)."
        )
    if "refused" in lowered:
        return f"Connection to {host} refused ({url}): nothing listens there."
    if any(word in lowered for word in ("name or service", "nodename", "getaddrinfo", "resolve")):
        return f"The host name {host} could not be resolved (DNS): check the URL ({url})."
    return f"Could not connect to {host} ({url}): {text.strip() or exc.__class__.__name__}."


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it, outermost first (a few links at most)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain and len(chain) < 8:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


async def fetch_json(
    env: CheckEnvironment,
    url: str,
    *,
    what: str,
    headers: Mapping[str, str] | None = None,
    confirmed: bool = True,
) -> tuple[FetchedResponse, dict[str, Any]]:
    """GET a JSON object (a discovery document, a JWKS); anything else is a NetworkProblem."""
    if not confirmed:
        url = narrow_url(url)
    response = await fetch(env, url, headers=headers, confirmed=confirmed)
    if response.status >= 500:
        raise NetworkProblem(
            f"The {what} at {url} answered HTTP {response.status}: a server error on that side; "
            "try again later or ask its operator.",
            url=url,
        )
    if response.status != 200:
        moved = f" after redirects from {response.redirects[0]}" if response.redirects else ""
        raise NetworkProblem(
            f"The {what} at {response.url}{moved} answered HTTP {response.status}, not 200: "
            "check the URL.",
            url=url,
        )
    data = response.json()
    if not isinstance(data, dict):
        raise NetworkProblem(
            f"The {what} at {url} is JSON but not an object (found {type(data).__name__}).",
            url=url,
        )
    return response, data
