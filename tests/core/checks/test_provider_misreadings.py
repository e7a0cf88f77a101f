"""The documented provider behaviours that used to be misread, each named by its real cause.

One test per behaviour of issue "Keycloak and Microsoft Entra playbooks": `wizard check`'s core
(`run_all`) on tokens in the provider's own claim shapes, or the one check that meets the
behaviour on a real loopback server.
"""

from __future__ import annotations

import yaml

from tests.core.net.loopback import Reply, serve
from tests.flows import provider_tokens as tokens
from tests.flows.cases import generic_access
from tests.flows.world import NOW
from wizard.core.checks.batch import run_all
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.opensearch.mapping import replay_mapping, suggest_entry
from wizard.core.opensearch.roles_mapping import RoleMapping
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

__all__ = ["serve"]  # the fixture, re-exported for pytest


def offline_env() -> CheckEnvironment:
    return CheckEnvironment(options=CheckOptions(offline=True), clock=lambda: NOW)


async def check_all(**facts: str) -> dict[str, CheckResult]:
    results = await run_all(facts, offline_env())
    return {result.id: result for result in results}


async def run(check_id: str, env: CheckEnvironment | None = None, **inputs: str) -> CheckResult:
    spec = load_registry()[check_id]
    return await run_one(CheckRun(check_id, spec, inputs), env or offline_env())


async def test_a_refresh_token_sent_as_a_bearer_is_named_so_not_a_wrong_audience():
    found = await check_all(token=tokens.keycloak_refresh(), audience=tokens.KC_API)
    assert found["token.kind"].status is Status.FAIL
    assert found["token.kind"].facts["token_kind"] == "refresh"
    for check_id in ("token.kind", "token.audience", "keycloak.token"):
        assert "refresh token sent as a bearer" in found[check_id].detail, check_id
    assert "access_token" in found["token.audience"].fix


async def test_a_graph_token_is_not_called_altered_nor_a_token_for_your_api():
    token = tokens.entra_graph_access()
    found = await check_all(token=token, audience=tokens.API_APP_URI)
    assert found["entra.token"].status is Status.FAIL
    assert "Graph token" in found["entra.token"].detail
    assert "Graph token" in found["token.audience"].detail
    # Every sentence whole (the nonce's is one of its own), and the scope to ask for is named
    # on the API the user said it expects, not on an '<app id>' to fill in.
    sentences = found["entra.token"].detail.split(". ")
    assert all(s[:1].isupper() for s in sentences), sentences
    assert any(s.startswith("Its header carries a nonce") for s in sentences)
    assert f"{tokens.API_APP_URI}/.default" in found["entra.token"].fix
    assert "<app id>" not in found["entra.token"].fix
    # The token inspector marks the claim at fault: a failing card, a clean-looking token.
    assert found["entra.token"].evidence["claim"] == "aud"
    # Online too: the signature check stops at the Graph audience, before any key is fetched.
    env = CheckEnvironment(options=CheckOptions(timeout=1.0), clock=lambda: NOW)
    signature = await run("token.signature", env, token=token)
    await env.aclose()
    assert signature.status is Status.SKIP
    assert "Graph" in signature.detail and "altered" in signature.detail


async def test_group_overage_is_answered_with_graph_not_release_the_claim():
    found = await check_all(token=tokens.entra_overage())
    groups = found["entra.groups"]
    assert groups.status is Status.FAIL
    assert "Group overage" in groups.detail and "_claim_names" in groups.detail
    assert "Graph" in groups.fix and "app roles" in groups.fix
    assert "release" not in groups.fix.lower()


async def test_a_cognito_access_token_is_checked_by_client_id_not_aud():
    found = await check_all(token=tokens.cognito_access(), client_id=tokens.COGNITO_CLIENT)
    audience = found["token.audience"]
    assert found["token.provider"].facts["provider"] == "cognito"
    assert audience.status is Status.PASS
    assert "client_id" in audience.detail and "instead of aud" in audience.detail
    other = await check_all(token=tokens.cognito_access(), client_id="another-app-client")
    assert other["token.audience"].status is Status.FAIL
    assert "validate client_id, not aud" in other["token.audience"].fix


async def test_a_google_id_token_for_another_client_fails_even_when_azp_is_yours():
    token = tokens.google_id(
        aud="99-other.apps.googleusercontent.com", azp=tokens.GOOGLE_WEB_CLIENT
    )
    found = await check_all(token=token, client_id=tokens.GOOGLE_WEB_CLIENT)
    assert found["token.kind"].facts["token_kind"] == "id"
    assert found["token.audience"].status is Status.FAIL
    assert "azp" in found["token.audience"].detail
    # The Android case: azp differs from aud and aud is the web client: a pass.
    fine = await check_all(token=tokens.google_id(), client_id=tokens.GOOGLE_WEB_CLIENT)
    assert fine["token.audience"].status is Status.PASS
    assert "normal" in fine["token.audience"].detail


async def test_a_dpop_bound_token_sent_with_bearer_is_named(serve):
    token = tokens.keycloak_access(cnf={"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"})
    found = await check_all(token=token)
    assert found["token.binding"].status is Status.FAIL
    assert "DPoP-bound token sent with Bearer" in found["token.binding"].detail
    api = serve({"/api": lambda r: Reply(401, b"", {"WWW-Authenticate": 'DPoP algs="ES256"'})})
    env = CheckEnvironment(options=CheckOptions(timeout=3.0), clock=lambda: NOW)
    answer = await run("resource.request", env, token=token, resource_url=api.url("/api"))
    await env.aclose()
    assert answer.status is Status.FAIL
    assert "DPoP-bound token sent with Bearer" in answer.detail
    assert "No challenge says why" not in answer.detail
    assert answer.facts["resource_answer"] == "dpop-required"


async def test_a_gateway_sign_in_page_is_not_read_as_a_missing_scope(serve):
    page = b"<!DOCTYPE html><html><body><form action='/oauth2/sign_in'>Sign in</form></body></html>"
    gateway = serve({"/api": lambda r: Reply(403, page, {"Content-Type": "text/html"})})
    env = CheckEnvironment(options=CheckOptions(timeout=3.0), clock=lambda: NOW)
    answer = await run(
        "resource.request", env, token=generic_access(), resource_url=gateway.url("/api")
    )
    await env.aclose()
    assert answer.status is Status.FAIL
    assert "sign-in page: the gateway wants a session cookie" in answer.detail
    assert "missing scope" not in answer.detail
    assert "--skip-jwt-bearer-tokens" in answer.fix


def test_a_group_size_marker_is_never_proposed_as_a_backend_role():
    mapping = [RoleMapping("all_access", backend_roles=("admins",))]
    for marker in ("*", "groups-overage", "_too_many_groups_", "https://graph.windows.net/x"):
        replay = replay_mapping(mapping, "ada", (marker,))
        snippet = suggest_entry(replay)
        assert marker not in snippet, snippet
        assert yaml.safe_load(snippet) == {"ROLE_NAME": {"users": ["ada"]}}


def test_a_backend_role_suggestion_says_it_grants_more_than_the_user():
    mapping = [RoleMapping("all_access", backend_roles=("admins",))]
    snippet = suggest_entry(replay_mapping(mapping, "ada", ("analysts",)))
    assert yaml.safe_load(snippet) == {"ROLE_NAME": {"backend_roles": ["analysts"]}}
    assert "everyone" in snippet and "not only this user" in snippet


async def test_keycloak_frontend_url_is_named_as_the_cause():
    found = await check_all(token=tokens.keycloak_access(), issuer=tokens.KEYCLOAK_INTERNAL)
    assert found["keycloak.token"].status is Status.FAIL
    assert found["keycloak.token"].facts["keycloak_fault"] == "frontend-url"
    assert "frontend URL" in found["keycloak.token"].detail
    # Its links are the hostname guide's, not the audience mappers' of a fault it did not find.
    refs = found["keycloak.token"].refs
    assert any("hostname" in link for link in refs)
    assert not any("audience" in link for link in refs), refs


async def test_an_entra_v1_token_at_a_v2_api_names_the_manifest_setting():
    found = await check_all(token=tokens.entra_v1_access(), issuer=tokens.ENTRA_V2_ISS)
    assert found["entra.token"].facts["entra_fault"] == "version"
    assert "accessTokenAcceptedVersion" in found["entra.token"].detail
    assert found["entra.token"].evidence["claim"] == "iss"


async def test_checks_of_other_providers_stay_out_of_the_way():
    found = await check_all(token=tokens.cognito_access())
    for check_id in ("keycloak.token", "entra.token", "entra.groups", "token.binding"):
        assert found[check_id].status is Status.SKIP, check_id


async def test_keycloak_roles_are_looked_for_in_keycloak_tokens_only():
    # Another provider's token has no realm_access: "no roles" there would be a false lead.
    for token in (tokens.entra_v2_access(), tokens.cognito_access(), tokens.google_id()):
        roles = await run("keycloak.roles", access_token=token, id_token=token)
        assert roles.status is Status.SKIP, token
    keycloak = await run(
        "keycloak.roles", access_token=tokens.keycloak_access(), id_token=tokens.keycloak_id()
    )
    assert keycloak.status is not Status.SKIP
    assert "keycloak.roles" not in {
        r.id
        for r in (await check_all(token=tokens.entra_v2_access())).values()
        if r.status is not Status.SKIP
    }
