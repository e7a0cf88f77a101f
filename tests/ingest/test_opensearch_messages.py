"""Recognising pasted log lines: the seed's lines and the catalog's list."""

import pytest

from wizard.core.ingest import recognise_messages as recognise_log_line

SEED_NODE = (
    "opensearch-node2         | [2023-04-25T07:00:19,348][WARN ]"
    "[c.a.d.a.h.j.AbstractHTTPJwtAuthenticator] "
    "[opensearch-node2] Failed to get roles from JWT claims with roles_key 'entitlement_group'. "
    "Check if this key is correct and available in the JWT payload."
)
SEED_BASIC = (
    "[2023-04-21T12:45:31,138][WARN ][o.o.s.a.BackendRegistry  ] [opensearch-node2] No "
    "'Authorization' header, send 401 and 'WWW-Authenticate Basic'"
)
SEED_DASHBOARDS = (
    'opensearch-dashboards    | {"type":"log","@timestamp":"2023-04-21T12:45:31Z","tags":["error",'
    '"plugins","securityDashboards"],"pid":1,"message":"OpenId authentication failed: Error: '
    'Authentication Exception"}'
)


def ids(text):
    return [match.message_id for match in recognise_log_line(text)]


def test_roles_key_line_names_the_key_and_the_checks():
    (match,) = recognise_log_line(SEED_NODE)
    assert match.message_id == "opensearch.roles_key_missing"
    assert "'entitlement_group'" in match.explanation
    assert match.check_ids[0] == "opensearch.roles"


def test_basic_challenge_lines():
    assert ids(SEED_BASIC) == ["opensearch.basic_challenge"]
    assert ids("No 'Basic Authorization' header, send 401 and 'WWW-Authenticate Basic'") == [
        "opensearch.basic_challenge"
    ]


def test_dashboards_line():
    (match,) = recognise_log_line(SEED_DASHBOARDS)
    assert match.message_id == "dashboards.openid_failed"
    assert "(Error: Authentication Exception)" in match.explanation
    assert "opensearch.authc" in match.check_ids


def test_several_lines_at_once():
    assert ids("\n".join([SEED_BASIC, SEED_NODE])) == [
        "opensearch.roles_key_missing",
        "opensearch.basic_challenge",
    ]


@pytest.mark.parametrize(
    ("line", "message_id", "check_id"),
    [
        (
            "Failed to get subject from JWT claims, check if subject_key 'upn' is correct.",
            "opensearch.subject_key_missing",
            "opensearch.subject",
        ),
        ("No subject found in JWT token", "opensearch.no_subject", "opensearch.subject"),
        ("Invalid JWT signature", "opensearch.invalid_signature", "token.signature"),
        ("Unknown kid abc123", "opensearch.unknown_kid", "jwks.keys"),
        ("Invalid audience", "opensearch.invalid_audience", "token.audience"),
        ("Invalid issuer", "opensearch.invalid_issuer", "token.issuer"),
        (
            "Authentication finally failed for null from 172.18.0.4:51234",
            "opensearch.authentication_failed",
            "opensearch.authc",
        ),
        (
            "Failed when trying to obtain the endpoints from your IdP",
            "dashboards.idp_endpoints",
            "discovery.document",
        ),
        (
            '{"error":"unauthorized","error_description":"invalid credentials"}',
            "auth0.userinfo_invalid_credentials",
            "auth0.userinfo",
        ),
        (
            "no permissions for [indices:data/read/search] and User "
            "[name=USERID, backend_roles=[]]",
            "opensearch.no_permissions",
            "opensearch.role_mapping",
        ),
        ("eventType: app.oauth2.as.authorize.scope_denied", "okta.scope_denied", "token.scopes"),
        ("app.oauth2.as.token.grant.id_token", "okta.token_granted", "okta.system_log"),
    ],
)
def test_catalog_lines(line, message_id, check_id):
    matches = recognise_log_line(line)
    assert [m.message_id for m in matches] == [message_id]
    assert check_id in matches[0].check_ids
    assert matches[0].explanation


def test_extracted_values_appear_in_the_explanation():
    (match,) = recognise_log_line("Authentication finally failed for USERID from 10.1.2.3:4444")
    assert "'USERID'" in match.explanation and "10.1.2.3:4444" in match.explanation
    (granted,) = recognise_log_line("app.oauth2.token.grant.access_token")
    assert "org authorization server" in granted.explanation


def test_unknown_text_gives_nothing():
    assert recognise_log_line("all good here") == []
    assert recognise_log_line("") == []
