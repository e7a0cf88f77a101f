"""Which proxy the environment would route a URL through, and when the wizard will not let it.

The variables are the ones httpx reads (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`).
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit


def proxy_for(url: str) -> str | None:
    """The proxy the environment names for `url`, or None when it would go direct."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies_environment()
    proxy = proxies.get(parts.scheme.lower()) or proxies.get("all")
    if not proxy:
        return None
    # Present in urllib.request at run time, though the type stubs do not list it.
    bypass = urllib.request.proxy_bypass_environment  # type: ignore[attr-defined]
    if bypass(parts.hostname or "", proxies):
        return None
    return proxy


def cleartext_proxy_problem(url: str) -> str | None:
    """Why a credential may not travel to `url` through the environment's proxy, or None.

    A plain-http URL sent through a proxy hands the proxy the whole request, Authorization
    header included; an https URL is tunnelled (CONNECT) and the proxy sees only ciphertext.
    """
    if urlsplit(url).scheme.lower() != "http":
        return None
    proxy = proxy_for(url)
    if proxy is None:
        return None
    shown = urlsplit(proxy)
    named = f"{shown.scheme}://{shown.hostname}" + (f":{shown.port}" if shown.port else "")
    return (
        f"Refusing to send a credential to {url} through the proxy {named}: over plain http "
        "the proxy would read it. Use https, or exclude the host with NO_PROXY; nothing was sent."
    )
