"""A demo world: identity provider, service provider and config files of one scenario.

Everything runs in this process on 127.0.0.1 with ports the system picks, and everything is
made fresh for the run (ports, secrets, tokens), then removed by `stop()`; the signing keys
are the process's own (`wizard.demo.keys`), made once:

    with DemoWorld("okta-aud-org-server") as world:
        print(world.facts["issuer"], world.resource_url)
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wizard.demo.claims import access_claims, default_audience, id_claims
from wizard.demo.idp import IdentityProvider, IdpEndpoints
from wizard.demo.keys import DemoKeys
from wizard.demo.opensearch_files import write_opensearch_files
from wizard.demo.provider_claims import GRAPH_APP_ID
from wizard.demo.recipes import TokenRecipe
from wizard.demo.resource import (
    API_PATH,
    OPENSEARCH_PATH,
    BearerResource,
    KeySource,
    OpenSearchResource,
)
from wizard.demo.scenarios import DEFAULT_SCENARIO, Scenario, get_scenario
from wizard.demo.server import LoopbackServer
from wizard.demo.systemlog import token_events
from wizard.demo.tokens import sign

_CLIENT_IDS = {
    "okta-org": "0oademo7wizard401x7",
    "okta-custom": "0oademo7wizard401x7",
    "auth0": "Wz4rdDem0C1ientAuth0x401abcdefgh",
    "keycloak": "orders-web",
    "entra": "0f1c2b3a-4d5e-6f70-8192-a3b4c5d6e7f8",
    "generic": "orders-web",
}
# OpenSearch Dashboards signs users in as a client of its own.
_DASHBOARDS_CLIENT_ID = "opensearch-dashboards"
OKTA_APP_NAME = "wizard demo app"


class DemoWorld:
    """The running demo world of one scenario (start/stop, or use as a context manager)."""

    def __init__(
        self, scenario: Scenario | str | None = None, *, clock: Callable[[], float] = time.time
    ) -> None:
        if scenario is None or isinstance(scenario, str):
            scenario = get_scenario(scenario or DEFAULT_SCENARIO)
        self.scenario = scenario
        self._clock = clock
        self._servers: list[LoopbackServer] = []
        self._config_dir: Path | None = None
        self._values: dict[str, str] = {}
        self.sp_log: list[str] = []
        """Log lines the service provider wrote (the OpenSearch plugin's warnings)."""

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> DemoWorld:
        """Bind the servers, mint the scenario's tokens, write the config files, serve."""
        if self._servers:
            return self
        try:
            self._build()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Close every server and remove the config folder (safe to call twice)."""
        while self._servers:
            self._servers.pop().close()
        if self._config_dir is not None:
            shutil.rmtree(self._config_dir, ignore_errors=True)
            self._config_dir = None

    def __enter__(self) -> DemoWorld:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the servers are up."""
        return bool(self._servers)

    # -- what a user (or a test) needs ---------------------------------------------------------

    @property
    def facts(self) -> dict[str, str]:
        """The scenario's pre-filled facts, with this run's URLs, secrets and tokens."""
        self._require_running()
        templates = self.scenario.facts.items()
        return {name: template.format_map(self._values) for name, template in templates}

    @property
    def values(self) -> dict[str, str]:
        """Every value a fact template may name (`issuer`, `access_token`, ...)."""
        self._require_running()
        return dict(self._values)

    @property
    def endpoints(self) -> IdpEndpoints:
        """The identity provider's endpoints."""
        self._require_running()
        return self._endpoints

    @property
    def issuer(self) -> str:
        return self._values["issuer"]

    @property
    def idp_url(self) -> str:
        """The IdP's origin (also the Okta domain in the Okta scenarios)."""
        return self._values["idp_url"]

    @property
    def sp_url(self) -> str:
        return self._values["sp_url"]

    @property
    def resource_url(self) -> str:
        """The protected resource the scenario's SP guards."""
        return self._values["resource_url"]

    @property
    def config_dir(self) -> Path | None:
        """The temporary folder holding the OpenSearch files (removed on stop)."""
        return self._config_dir

    def urls(self) -> dict[str, str]:
        """Labelled URLs worth showing to a person trying the demo."""
        self._require_running()
        urls = {
            "issuer": self.issuer,
            "discovery": self._endpoints.discovery_url(),
            "jwks": self._endpoints.jwks_uri,
            "userinfo": self._endpoints.userinfo_endpoint,
        }
        if self._endpoints.introspection_endpoint:
            urls["introspection"] = self._endpoints.introspection_endpoint
        if self.scenario.provider.startswith("okta"):
            urls["system log"] = f"{self.idp_url}/api/v1/logs"
        urls["protected resource"] = self.resource_url
        return urls

    def demo_secrets(self) -> tuple[str, ...]:
        """The run's secrets and tokens, for a face to scrub from anything it logs."""
        self._require_running()
        names = ("client_secret", "okta_api_token", "access_token", "id_token")
        return (*(self._values[n] for n in names if self._values.get(n)), self._keys.hs256_secret)

    def mint_access_token(self, recipe: TokenRecipe | None = None) -> str:
        """A fresh access token of this world's provider (a correct one by default)."""
        self._require_running()
        return self._mint_access(recipe or TokenRecipe())

    def mint_id_token(self, recipe: TokenRecipe | None = None) -> str:
        """A fresh ID token of this world's provider (a correct one by default)."""
        self._require_running()
        return self._mint_id(recipe or TokenRecipe())

    # -- building ----------------------------------------------------------------------------

    def _idp_clock(self) -> float:
        return self._clock() + self.scenario.idp_clock_offset

    def _build(self) -> None:
        scenario = self.scenario
        self._keys = DemoKeys.generate()
        idp_server = LoopbackServer("idp", self._idp_clock, merge_slashes=True)
        self._servers.append(idp_server)
        sp_server = LoopbackServer("sp", self._clock, merge_slashes=True)
        self._servers.append(sp_server)
        # Keycloak behind a proxy: browsers reach it at its frontend URL (a second address,
        # written into iss), services at its own; both serve the same IdP.
        token_base = idp_server.base_url
        frontend = None
        if scenario.idp_frontend:
            frontend = LoopbackServer("idp-frontend", self._idp_clock, merge_slashes=True)
            self._servers.append(frontend)
            token_base = frontend.base_url
        self._endpoints = IdpEndpoints.for_provider(scenario.provider, token_base)
        service_issuer = IdpEndpoints.for_provider(scenario.provider, idp_server.base_url).issuer
        okta = scenario.provider.startswith("okta")
        is_opensearch = scenario.resource.kind == "opensearch"
        values = {
            "provider": scenario.provider,
            "issuer": self._endpoints.issuer,
            "service_issuer": service_issuer,
            "idp_url": idp_server.base_url,
            "sp_url": sp_server.base_url,
            "resource_url": sp_server.base_url + (OPENSEARCH_PATH if is_opensearch else API_PATH),
            "userinfo_endpoint": self._endpoints.userinfo_endpoint,
            "introspection_endpoint": self._endpoints.introspection_endpoint or "",
            "client_id": _DASHBOARDS_CLIENT_ID if is_opensearch else _CLIENT_IDS[scenario.provider],
            "client_secret": f"demo-secret-{secrets.token_urlsafe(24)}",
            "okta_domain": idp_server.base_url if okta else "",
            "okta_api_token": f"00demo{secrets.token_urlsafe(30)}" if okta else "",
            "opensearch_version": scenario.opensearch.version,
        }
        self._values = values
        values["access_token"] = (
            self._mint_access(scenario.access_token) if scenario.access_token else ""
        )
        values["id_token"] = self._mint_id(scenario.id_token) if scenario.id_token else ""
        self._config_dir = Path(tempfile.mkdtemp(prefix="wizard-demo-"))
        files = write_opensearch_files(
            self._config_dir,
            scenario.opensearch,
            self._endpoints.discovery_url(),
            values["client_id"],
            values["client_secret"],
        )
        values.update({fact: str(path) for fact, path in files.items()})

        events = []
        if okta:
            events = token_events(
                server="org" if scenario.provider == "okta-org" else "custom",
                client_id=values["client_id"],
                app_name=OKTA_APP_NAME,
                login=scenario.user.email,
                now=self._clock(),
            )
        idp = IdentityProvider(
            provider=scenario.provider,
            endpoints=self._endpoints,
            keys=self._keys,
            client_id=values["client_id"],
            client_secret=values["client_secret"],
            user=scenario.user,
            okta_api_token=values["okta_api_token"],
            clock=self._idp_clock,
            log_events=events,
        )
        idp_server.serve(idp)
        if frontend is not None:
            frontend.serve(idp)
        sp_server.serve(self._service_provider())

    def _service_provider(self) -> BearerResource | OpenSearchResource:
        setup = self.scenario.resource
        stale = self._keys.retired.public_jwk() if setup.trusted_keys == "retired-only" else None
        keys = KeySource(self._endpoints.jwks_uri, stale_jwk=stale)
        if setup.kind == "opensearch":
            return OpenSearchResource(self.scenario.opensearch, keys, setup.leeway, self.sp_log)
        audience = setup.audience.format_map(self._values) if setup.audience else None
        issuer = self._values["service_issuer"]
        return BearerResource(setup, issuer, audience, keys, self._keys.hs256_secret)

    def _issued_at(self, recipe: TokenRecipe) -> int:
        return int(self._idp_clock()) - recipe.age

    def _mint_access(self, recipe: TokenRecipe) -> str:
        provider = self.scenario.provider
        if recipe.audience is None:
            audience = default_audience(provider, self.issuer)
        else:
            audience = tuple(a.format_map(self._values) for a in recipe.audience)
        claims = access_claims(
            provider,
            self.issuer,
            self._values["client_id"],
            self.scenario.user,
            recipe,
            audience,
            self._issued_at(recipe),
        )
        # RFC 9068 `at+jwt` for the generic provider; Okta and Auth0 say plain JWT.
        typ = "at+jwt" if provider == "generic" else "JWT"
        # Microsoft Graph tokens carry a nonce in the header that only Graph can check.
        extra = {"nonce": secrets.token_urlsafe(32)} if GRAPH_APP_ID in audience else None
        return sign(self._keys, claims, recipe.signing, typ=typ, extra_headers=extra)

    def _mint_id(self, recipe: TokenRecipe) -> str:
        claims = id_claims(
            self.scenario.provider,
            self.issuer,
            self._values["client_id"],
            self.scenario.user,
            recipe,
            self._issued_at(recipe),
        )
        return sign(self._keys, claims, recipe.signing)

    def _require_running(self) -> None:
        if not self._servers:
            raise RuntimeError("the demo world is not running: call start() first")
