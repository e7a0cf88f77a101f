"""The three seed cases, diagnosed by `wizard check --json` run as a process.

000 (Okta KB): the service provider rejects tokens Okta issued, because of the audience (org
server tokens, a custom server's Audience, the client id an ID token is for) or a missing user
claim (email vs preferred_username, the scopes that release them).
001 (Auth0 forum): /userinfo answers 401 "invalid credentials" to a JWT access token without
the /userinfo audience; adding openid to the scope fixed it. The token is the one pasted there.
003 (OpenSearch forum): roles_key entitlement_group absent from the ID token, and the subject
USERID against a mapping for userid.

Tokens are minted here with the claim shapes of each provider; all runs are --offline, so the
checks that would call the (made-up) issuers skip and only the diagnosis is asserted.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from tests.commands.test_check_cli import wizard
from tests.core.tokens.minting import mint

DATA = Path(__file__).resolve().parents[1] / "data"
OPENSEARCH = DATA / "opensearch"
SEED_001_FILE = DATA / "seed001_token.txt"

OKTA_ORG = "https://acme.okta.com"
OKTA_DEFAULT = "https://acme.okta.com/oauth2/default"
OKTA_CLIENT = "0oa1clientid"
SP_API = "https://sp.example.test/api"


def check_json(*args: str) -> tuple[int, dict, dict[str, dict]]:
    process = wizard("--offline", "--json", *args)
    assert process.returncode in (0, 1), process.stderr
    report = json.loads(process.stdout)
    return process.returncode, report, {r["id"]: r for r in report["results"]}


def failing(report: dict) -> set[str]:
    return {result["id"] for result in report["results"] if result["status"] == "fail"}


def okta_access_token(iss: str, aud: str, scp: list[str], **extra: Any) -> str:
    now = int(time.time())
    claims = {
        "ver": 1,
        "jti": "AT.seed000",
        "iss": iss,
        "aud": aud,
        "iat": now - 10,
        "exp": now + 3600,
        "cid": OKTA_CLIENT,
        "uid": "00u1abcd",
        "scp": scp,
        "sub": "alice@acme.test",
        **extra,
    }
    return mint(claims)


def okta_id_token(**extra: Any) -> str:
    now = int(time.time())
    claims = {
        "ver": 1,
        "sub": "00u1abcd",
        "iss": OKTA_ORG,
        "aud": OKTA_CLIENT,
        "iat": now - 10,
        "exp": now + 3600,
        "jti": "ID.seed000",
        "amr": ["pwd"],
        "idp": "00o1okta",
        "nonce": "n-0S6_WzA2Mj",
        "auth_time": now - 20,
        **extra,
    }
    return mint(claims)


# --- 000 Okta: audience -----------------------------------------------------------------------


def test_okta_custom_server_audience_is_not_what_the_api_expects():
    token = okta_access_token(OKTA_DEFAULT, "api://default", ["openid", "profile"])

    code, report, results = check_json(token, "--audience", SP_API)

    assert code == 1
    assert report["provider"] == "okta-custom"
    assert failing(report) == {"token.audience", "okta.server"}
    audience = results["token.audience"]
    assert '["api://default"]' in audience["detail"] and SP_API in audience["detail"]
    assert "Authorization Servers" in audience["fix"] and "Audience" in audience["fix"]
    assert "custom authorization server (default)" in results["okta.server"]["detail"]
    assert (
        results["token.kind"]["status"] == "pass"
        and "access token" in results["token.kind"]["detail"]
    )


def test_okta_org_server_access_token_sent_to_your_own_api():
    token = okta_access_token(OKTA_ORG, OKTA_ORG, ["openid"])

    code, report, results = check_json(token, "--audience", SP_API)

    assert code == 1
    assert report["provider"] == "okta-org"
    assert failing(report) == {"token.audience", "okta.server"}
    for check_id in ("token.audience", "okta.server"):
        assert "Okta's own APIs only" in results[check_id]["detail"]
        assert "custom authorization server" in results[check_id]["fix"]


def test_okta_id_token_for_another_client_than_the_sp_expects():
    token = okta_id_token(preferred_username="alice@acme.test")

    code, report, results = check_json(token, "--client-id", "0oaSPclient")

    assert code == 1
    assert failing(report) == {"token.audience"}
    audience = results["token.audience"]
    assert f'["{OKTA_CLIENT}"]' in audience["detail"] and "'0oaSPclient'" in audience["detail"]
    assert "client id" in audience["fix"]
    assert results["okta.server"]["status"] == "pass"
    assert "client id as aud" in results["okta.server"]["detail"]


# --- 000 Okta: missing claims and scopes ------------------------------------------------------


def test_okta_id_token_without_email_when_the_sp_reads_email():
    token = okta_id_token(preferred_username="alice@acme.test")

    code, report, results = check_json(token, "--client-id", OKTA_CLIENT, "--expect-claim", "email")

    assert code == 1
    assert failing(report) == {"token.claims"}
    claims = results["token.claims"]
    assert "has no claim 'email'" in claims["detail"]
    assert "'email' scope" in claims["detail"]
    # The Okta guide's own example: the SP may be looking for email vs preferred_username.
    assert 'preferred_username "alice@acme.test"' in claims["detail"]
    assert results["token.scopes"]["status"] == "warn"
    assert "request 'email'" in results["token.scopes"]["detail"]
    assert results["token.audience"]["status"] == "pass"


def test_okta_access_token_without_the_email_scope():
    token = okta_access_token(OKTA_DEFAULT, "api://default", ["openid", "profile"])

    code, report, results = check_json(
        token, "--scope", "openid profile email", "--expect-claim", "email"
    )

    assert code == 1
    assert failing(report) == {"token.scopes", "token.claims"}
    scopes = results["token.scopes"]
    assert (
        "scp, an array" in scopes["detail"] and "Missing required scopes: email" in scopes["detail"]
    )
    assert "access policy rule" in scopes["fix"]
    assert "Access tokens rarely carry profile claims" in results["token.claims"]["detail"]


def test_okta_id_token_with_the_claims_the_sp_expects_passes():
    token = okta_id_token(email="alice@acme.test", preferred_username="alice@acme.test")

    code, report, results = check_json(
        token,
        "--client-id",
        OKTA_CLIENT,
        "--expect-claim",
        "email=alice@acme.test",
        "--expect-claim",
        "preferred_username",
    )

    assert code == 0, failing(report)
    assert results["token.claims"]["status"] == "pass"
    claims = [r for r in report["results"] if r["id"] == "token.claims"]
    assert len(claims) == 2 and {r["status"] for r in claims} == {"pass"}


# --- 001 Auth0: /userinfo without its audience ------------------------------------------------


def test_auth0_seed_token_lacks_the_userinfo_audience_and_openid_fixes_it():
    code, report, results = check_json("--token-file", str(SEED_001_FILE))

    assert code == 1
    assert report["provider"] == "auth0"
    auth0 = results["auth0.userinfo"]
    assert auth0["status"] == "fail"
    assert "['https://monrifnet-test.eu.auth0.com/api/v2/']" in auth0["detail"]
    assert "without https://monrifnet-test.eu.auth0.com/userinfo" in auth0["detail"]
    assert '"invalid credentials"' in auth0["detail"]
    assert "Adding openid to the scope" in auth0["detail"] and "fixes it" in auth0["detail"]
    assert "Add openid to the scope" in auth0["fix"]
    assert auth0["evidence"]["expected_audience"] == "https://monrifnet-test.eu.auth0.com/userinfo"
    # It was pasted in 2017: expired too, and said so, but that is not the diagnosis asked for.
    assert failing(report) == {"auth0.userinfo", "token.lifetime"}
    assert results["token.kind"]["status"] == "pass"
    assert "access token" in results["token.kind"]["detail"]
    # The paste carried "Authorization: Bearer "; it was taken off and said so.
    assert "Removed the 'Bearer ' prefix" in results["token.format"]["detail"]
    token = SEED_001_FILE.read_text().split()[-1]
    assert token not in json.dumps(report) and token.split(".")[2] not in json.dumps(report)


def test_auth0_token_with_openid_has_the_userinfo_audience():
    now = int(time.time())
    tenant = "https://acme.eu.auth0.com/"
    token = mint(
        {
            "iss": tenant,
            "sub": "google-oauth2|1059",
            "aud": [f"{tenant}api/v2/", f"{tenant}userinfo"],
            "azp": "DJHKclient",
            "scope": "openid profile email",
            "iat": now - 10,
            "exp": now + 3600,
        }
    )

    code, report, results = check_json(token)

    assert code == 0, failing(report)
    assert results["auth0.userinfo"]["status"] == "pass"
    assert "contains https://acme.eu.auth0.com/userinfo" in results["auth0.userinfo"]["detail"]


# --- 003 OpenSearch: roles_key absent, subject case -------------------------------------------


def opensearch_args(id_token: str) -> list[str]:
    return [
        "--id-token",
        id_token,
        "--opensearch-config",
        str(OPENSEARCH / "config_seed003.yml"),
        "--roles-mapping",
        str(OPENSEARCH / "roles_mapping_seed003.yml"),
        "--dashboards-config",
        str(OPENSEARCH / "opensearch_dashboards_seed003.yml"),
        "--opensearch-version",
        "2.6.0",
        "--client-id",
        "dashboards",
    ]


def ping_id_token(**extra: Any) -> str:
    now = int(time.time())
    claims = {
        "iss": "https://idp.example.test",
        "sub": "USERID",
        "aud": "dashboards",
        "iat": now - 10,
        "exp": now + 3600,
        "nonce": "n-123",
        **extra,
    }
    return mint(claims)


def test_opensearch_roles_key_absent_and_subject_case_against_the_mapping():
    token = ping_id_token()

    code, report, results = check_json(
        *opensearch_args(token), "--expect-claim", "entitlement_group"
    )

    assert code == 1
    assert failing(report) == {"opensearch.roles", "opensearch.role_mapping", "token.claims"}

    subject = results["opensearch.subject"]
    assert subject["status"] == "pass"
    assert "the user name is 'USERID'" in subject["detail"]
    assert "case-sensitively" in subject["detail"]

    roles = results["opensearch.roles"]
    assert "roles_key entitlement_group" in roles["detail"]
    assert (
        "Failed to get roles from JWT claims with roles_key 'entitlement_group'" in roles["detail"]
    )
    assert 'scope "openid entitlement_group"' in roles["fix"]
    assert "ID token" in roles["fix"]

    mapping = results["opensearch.role_mapping"]
    assert "users pattern 'userid' differs from 'USERID' only in letter case" in mapping["detail"]
    assert "403" in mapping["detail"] and "not a 401" in mapping["detail"]
    assert 'readall:\n  users:\n    - "USERID"\n' in mapping["fix"]
    assert "Internal users are not needed" in mapping["fix"]

    # The basic domain's "send 401 and 'WWW-Authenticate Basic'" line is noise here.
    assert results["opensearch.authc"]["status"] == "pass"
    assert "is noise" in results["opensearch.authc"]["detail"]
    assert results["opensearch.idp"]["status"] == "pass"
    assert results["opensearch.redirect"]["status"] == "pass"
    # Given only the ID token, the token checks read it instead of skipping.
    assert (
        results["token.kind"]["status"] == "pass" and "ID token" in results["token.kind"]["detail"]
    )
    assert "has no claim 'entitlement_group'" in results["token.claims"]["detail"]
    assert any("read the ID token" in note for note in report["notes"])
    assert "not-a-real-secret" not in json.dumps(report)


def test_opensearch_with_the_roles_claim_and_the_mapping_fixed(tmp_path):
    mapping = tmp_path / "roles_mapping.yml"
    mapping.write_text('readall:\n  users:\n    - "USERID"\n')
    token = ping_id_token(entitlement_group=["kibanauser", "admin"])
    args = opensearch_args(token)
    args[args.index("--roles-mapping") + 1] = str(mapping)

    code, report, results = check_json(*args)

    assert code == 0, failing(report)
    assert results["opensearch.roles"]["status"] == "pass"
    assert "'kibanauser', 'admin'" in results["opensearch.roles"]["detail"]
    assert results["opensearch.role_mapping"]["status"] == "pass"
    assert "'readall'" in results["opensearch.role_mapping"]["detail"]
