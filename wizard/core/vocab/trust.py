"""Where a credential may go: the origins the user gave or confirmed in this session.

A credential (a bearer token, a client secret, an Okta API token) is sent only to an origin
in this list: one the user typed, gave on the command line or in an answers file, confirmed
when asked, or that a discovery document of a confirmed issuer lists (fetched from that
issuer's confirmed origin and naming that issuer). A token's claims, a transcript, a session
file or a server's answer never add to it. The network layer consults it before any
credential leaves; the faces fill it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

Origin = tuple[str, str, int | None]


def origin_of(url: str) -> Origin:
    """The (scheme, host, port) triple of `url`, default ports filled in."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ("", "", None)
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = default
    return scheme, (parts.hostname or "").lower(), port


def shown_origin(origin: Origin) -> str:
    scheme, host, port = origin
    default = {"http": 80, "https": 443}.get(scheme)
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def looks_like_url(value: str) -> bool:
    return value.strip().lower().startswith(("http://", "https://"))


@dataclass
class OriginTrust:
    """The session's allow-list of origins a credential may be sent to."""

    confirmed: set[Origin] = field(default_factory=set)
    # origin -> the confirmed issuer whose discovery document listed it
    listed: dict[Origin, str] = field(default_factory=dict)
    # origin -> the credential a check wanted to send there and was refused (in order)
    refused: dict[Origin, str] = field(default_factory=dict)
    # origins the user was asked about and said no to: never asked again this session
    declined: set[Origin] = field(default_factory=set)

    @classmethod
    def of(cls, urls: Iterable[str | None]) -> OriginTrust:
        """An allow-list holding the origins of the given URLs (the user's own)."""
        trust = cls()
        for url in urls:
            if url and looks_like_url(url):
                trust.confirm(url)
        return trust

    def confirm(self, url: str) -> None:
        """The user gave or confirmed `url`: credentials may go to its origin."""
        origin = origin_of(url.strip())
        if origin[1]:
            self.confirmed.add(origin)

    def confirms(self, url: str) -> bool:
        origin = origin_of(url)
        return origin in self.confirmed or origin in self.listed

    def list_from_discovery(self, issuer: str, document_url: str, urls: Iterable[str]) -> None:
        """Endpoints a verified discovery document of a confirmed issuer names, added."""
        if origin_of(document_url) not in self.confirmed:
            return
        for url in urls:
            if isinstance(url, str) and looks_like_url(url):
                self.listed.setdefault(origin_of(url), issuer)

    def unasked(self) -> list[tuple[str, str]]:
        """(origin, credential) of each refused send the user has not been asked about yet.

        A face that can ask (the TUI) offers these one by one; `confirm` or `decline` the
        answer. A refusal stays refused until then: nothing was sent.
        """
        return [
            (shown_origin(origin), what)
            for origin, what in self.refused.items()
            if origin not in self.confirmed and origin not in self.declined
        ]

    def decline(self, url: str) -> None:
        """The user said no to `url`'s origin: it stays unconfirmed and is not asked again."""
        origin = origin_of(url.strip())
        if origin[1]:
            self.declined.add(origin)

    def refusal(self, url: str, what: str = "a credential") -> str:
        """Why `what` is not sent to `url`, with how to allow it; the refusal is recorded."""
        origin = origin_of(url)
        if origin[1]:
            self.refused.setdefault(origin, what)
        where = shown_origin(origin)
        return (
            f"Refusing to send {what} to {where}: nobody confirmed that origin in this session "
            "(it came from a token, a file or a server, not from you); nothing was sent. Give "
            "it on the command line or as an answer if you mean it."
        )
