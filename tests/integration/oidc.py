"""Talk to the integration tests' real OpenID Provider as its clients would.

The provider is panva's certified ``oidc-provider`` (pinned in ``provider/package.json``) run by
``provider/server.mjs`` under node; ``provider_process.start_provider`` launches it and returns
an :class:`OidcProvider` whose methods speak real HTTP to it: the client_credentials grant, a
full authorization code + PKCE login driven through the provider's own login and consent forms,
refresh, userinfo, introspection and revocation.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from .signing_keys import SigningKeys

# Resource indicators server.mjs knows (RFC 8707), keyed by the access token format they get.
RESOURCE_RS256 = "https://api.example.test"
RESOURCE_ES256 = "https://es256.api.example.test"
RESOURCE_OPAQUE = "https://opaque.api.example.test"
RESOURCE_BY_ALG = {"RS256": RESOURCE_RS256, "ES256": RESOURCE_ES256}

WEB_CLIENT_ID = "wizard-web"
MACHINE_CLIENT_ID = "wizard-machine"
REDIRECT_URI = "http://127.0.0.1/callback"

# A login is a handful of redirects and two forms; more steps than this means a loop.
MAX_LOGIN_STEPS = 20


@dataclass
class OidcProvider:
    """Handle on a running provider: where it is, its clients, and calls against it."""

    issuer: str
    discovery: dict[str, Any]
    web_client_secret: str
    machine_client_secret: str
    signing_keys: SigningKeys
    web_client_id: str = WEB_CLIENT_ID
    machine_client_id: str = MACHINE_CLIENT_ID
    redirect_uri: str = REDIRECT_URI
    resources: dict[str, str] = field(
        default_factory=lambda: {
            "RS256": RESOURCE_RS256,
            "ES256": RESOURCE_ES256,
            "opaque": RESOURCE_OPAQUE,
        }
    )

    @property
    def web_auth(self) -> tuple[str, str]:
        """client_secret_basic credentials of the confidential web client."""
        return (self.web_client_id, self.web_client_secret)

    @property
    def machine_auth(self) -> tuple[str, str]:
        """client_secret_basic credentials of the client_credentials client."""
        return (self.machine_client_id, self.machine_client_secret)

    def jwks(self) -> dict[str, Any]:
        """Fetch the provider's public signing keys (the ``jwks_uri`` document)."""
        response = httpx.get(self.discovery["jwks_uri"])
        response.raise_for_status()
        return response.json()

    def client_credentials_token(
        self, resource: str | None = None, scope: str = "api:read", alg: str | None = None
    ) -> str:
        """Get an access token for a resource server with the client_credentials grant.

        Args:
            resource: Resource indicator; defaults to the JWT resource signed with ``alg``.
            scope: Scopes of that resource server to ask for.
            alg: ``RS256`` or ``ES256``: picks the JWT resource signed with that algorithm.

        Returns:
            The raw access token (a JWT, or an opaque string for :data:`RESOURCE_OPAQUE`).
        """
        if resource is None:
            resource = RESOURCE_BY_ALG[alg or "RS256"]
        elif alg is not None and RESOURCE_BY_ALG.get(alg) != resource:
            raise ValueError(f"resource {resource} is not the one signed with {alg}")
        response = httpx.post(
            self.discovery["token_endpoint"],
            auth=self.machine_auth,
            data={"grant_type": "client_credentials", "resource": resource, "scope": scope},
        )
        return _token_json(response)["access_token"]

    def login(
        self,
        scope: str = "openid email profile groups",
        resource: str | None = None,
        user: str = "alice",
    ) -> dict[str, Any]:
        """Log ``user`` in with a real authorization code + PKCE flow and redeem the code.

        The provider's own login and consent pages are fetched and their forms posted, as a
        browser would; the final redirect to the client is caught rather than followed.

        Args:
            scope: Requested scopes. With ``resource``, include that server's scopes
                (``api:read``) or the access token carries none.
            resource: Resource indicator for the access token. Without one the access token is
                opaque and meant for userinfo; with one it is for that resource server.
            user: Login name; ``alice`` and ``bob`` have fixed claims (see server.mjs).

        Returns:
            The token endpoint's JSON: ``id_token``, ``access_token``, ``refresh_token``,
            ``scope``, ``expires_in``, ``token_type``.
        """
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        state = secrets.token_urlsafe(16)
        params = {
            "client_id": self.web_client_id,
            "redirect_uri": self.redirect_uri,
            "response_type": "code",
            "scope": scope,
            "state": state,
            "code_challenge": challenge.rstrip(b"=").decode(),
            "code_challenge_method": "S256",
        }
        if "openid" in scope.split():
            # The provider rejects a nonce on a plain OAuth 2.0 request (no openid scope).
            params["nonce"] = secrets.token_urlsafe(16)
        if resource is not None:
            params["resource"] = resource
        # One client per login: its cookie jar is this browser's session at the provider.
        with httpx.Client(follow_redirects=False) as browser:
            response = browser.get(self.discovery["authorization_endpoint"], params=params)
            callback = self._walk_to_callback(browser, response, user)
        answer = {key: values[0] for key, values in parse_qs(urlsplit(callback).query).items()}
        if "error" in answer:
            raise AssertionError(f"authorization failed: {answer}")
        if answer.get("state") != state or answer.get("iss") != self.issuer:
            raise AssertionError(f"callback state or iss do not match the request: {answer}")
        response = httpx.post(
            self.discovery["token_endpoint"],
            auth=self.web_auth,
            data={
                "grant_type": "authorization_code",
                "code": answer["code"],
                "redirect_uri": self.redirect_uri,
                "code_verifier": verifier,
            },
        )
        return _token_json(response)

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        """Redeem a refresh token of the web client; returns the token endpoint's JSON."""
        response = httpx.post(
            self.discovery["token_endpoint"],
            auth=self.web_auth,
            data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        )
        return _token_json(response)

    def userinfo(self, access_token: str) -> httpx.Response:
        """Call userinfo with a bearer token; the response is returned whatever its status."""
        return httpx.get(
            self.discovery["userinfo_endpoint"],
            headers={"Authorization": f"Bearer {access_token}"},
        )

    def introspect(
        self, token: str, auth: tuple[str, str] | None = None, token_type_hint: str | None = None
    ) -> httpx.Response:
        """Introspect a token (RFC 7662) as the web client unless ``auth`` says otherwise.

        The response is returned whatever its status: this provider refuses JWTs with 400.
        """
        data = {"token": token}
        if token_type_hint:
            data["token_type_hint"] = token_type_hint
        return httpx.post(
            self.discovery["introspection_endpoint"], auth=auth or self.web_auth, data=data
        )

    def revoke(self, token: str, auth: tuple[str, str] | None = None) -> httpx.Response:
        """Revoke a token (RFC 7009) as the web client unless ``auth`` says otherwise."""
        return httpx.post(
            self.discovery["revocation_endpoint"], auth=auth or self.web_auth, data={"token": token}
        )

    def _walk_to_callback(self, browser: httpx.Client, response: httpx.Response, user: str) -> str:
        """Follow redirects and submit the provider's forms until it redirects to the client."""
        for _ in range(MAX_LOGIN_STEPS):
            if response.is_redirect:
                location = urljoin(str(response.url), response.headers["location"])
                if location.startswith(self.redirect_uri):
                    return location
                response = browser.get(location)
            elif response.status_code == 200 and "<form" in response.text:
                action, fields = _first_form(response.text)
                if "login" in fields:
                    fields.update(login=user, password="any password will do")
                response = browser.post(urljoin(str(response.url), action), data=fields)
            else:
                raise AssertionError(
                    f"login stopped at {response.url} with HTTP {response.status_code}:"
                    f" {response.text[:500]}"
                )
        raise AssertionError(f"login did not reach {self.redirect_uri} in {MAX_LOGIN_STEPS} steps")


class _FormReader(HTMLParser):
    """Collect the action and input fields of the first form in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = values.get("action") or ""
            self._in_form = True
        elif tag == "input" and self._in_form and values.get("name"):
            self.fields[values["name"] or ""] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


def _first_form(page: str) -> tuple[str, dict[str, str]]:
    reader = _FormReader()
    reader.feed(page)
    if reader.action is None:
        raise AssertionError(f"no form in the provider's page: {page[:500]}")
    return reader.action, reader.fields


def _token_json(response: httpx.Response) -> dict[str, Any]:
    # The error body of a token endpoint holds no secret, and it is what explains a failure.
    if response.status_code != 200:
        raise AssertionError(f"token endpoint answered {response.status_code}: {response.text}")
    return response.json()
