"""The pure reviews behind opensearch.authc, opensearch.idp and opensearch.redirect."""

from pathlib import Path

from wizard.core.opensearch import (
    load_security_config,
    parse_dashboards_config,
    parse_security_config,
)
from wizard.core.opensearch.review import review_authc, review_idp, review_redirect
from wizard.core.vocab.result import Status

DATA = Path(__file__).parents[2] / "data" / "opensearch"

CHALLENGING_BASIC = (
    "config:\n  dynamic:\n    http: {{anonymous_auth_enabled: {anonymous}}}\n    authc:\n"
    "      basic: {{order: 0, http_authenticator: {{type: basic, challenge: true}}}}\n"
    "      oidc: {{order: 1, http_authenticator: {{type: openid, challenge: false}}}}\n"
)


def authc(text: str):
    config = parse_security_config(text)
    return review_authc(config, config.openid_domain())


def test_challenging_basic_before_openid_is_a_problem():
    found = authc(CHALLENGING_BASIC.format(anonymous="false"))
    (problem,) = found.at(Status.FAIL)
    assert "'basic' (order 0) comes before 'oidc'" in problem
    assert "WWW-Authenticate: Basic" in problem


def test_anonymous_auth_turns_the_problem_into_a_caution():
    found = authc(CHALLENGING_BASIC.format(anonymous="true"))
    assert found.at(Status.FAIL) == []
    assert any("anonymous_auth_enabled is true" in c for c in found.at(Status.WARN))


def test_basic_after_openid_is_not_looked_at():
    found = authc(
        "authc:\n  oidc: {order: 0, http_authenticator: {type: openid, challenge: false}}\n"
        "  basic: {order: 1, http_authenticator: {type: basic}}\n"
    )
    # Nothing but the summary of the domains' order: no problem, caution or note.
    assert found.status is Status.PASS and len(found.lines) == 1


def test_disabled_basic_domain_does_not_count():
    found = authc(
        "authc:\n  basic: {order: 0, http_enabled: false, http_authenticator: {type: basic}}\n"
        "  oidc: {order: 1, http_authenticator: {type: openid, challenge: false}}\n"
    )
    assert found.at(Status.FAIL) == []


def test_enabled_false_disables_even_with_http_enabled_true():
    found = authc(
        "authc:\n  oidc: {enabled: false, http_enabled: true, "
        "http_authenticator: {type: openid, challenge: false}}\n"
    )
    assert any("not enabled for HTTP" in p for p in found.at(Status.FAIL))


def test_duplicate_keys_in_config_reach_the_cautions():
    found = authc(
        "authc:\n  oidc: {order: 0, http_authenticator: {type: openid, challenge: false}}\n"
        "  oidc: {order: 1, http_authenticator: {type: openid, challenge: false}}\n"
    )
    assert any("given a second time" in c for c in found.at(Status.WARN))


def test_idp_summary_and_same_url_note():
    config = load_security_config(DATA / "config_seed003.yml")
    dashboards = parse_dashboards_config(
        "opensearch_security.openid.connect_url: "
        "https://idp.example.test/.well-known/openid-configuration\n"
    )
    found = review_idp(config, config.openid_domain(), dashboards, None, None, None)
    assert found.at(Status.FAIL) == [] and found.at(Status.WARN) == []
    assert "is the same" in found.detail
    assert found.evidence["issuer_from_connect_url"] == "https://idp.example.test"


def test_idp_missing_connect_url_everywhere():
    config = parse_security_config("authc:\n  oidc: {http_authenticator: {type: openid}}\n")
    dashboards = parse_dashboards_config("server.name: x\n")
    found = review_idp(config, config.openid_domain(), dashboards, None, None, None)
    assert any("no openid_connect_url" in p for p in found.at(Status.FAIL))
    assert any("sets no opensearch_security.openid.connect_url" in p for p in found.at(Status.FAIL))


def test_idp_connect_url_without_well_known_suffix():
    config = parse_security_config(
        "authc:\n  oidc:\n    http_authenticator:\n      type: openid\n"
        "      config: {openid_connect_url: 'https://idp.example.test'}\n"
    )
    found = review_idp(config, config.openid_domain(), None, None, None, None)
    assert any("does not end with /.well-known" in c for c in found.at(Status.WARN))


def test_redirect_trailing_slash_is_dropped_from_the_base():
    dashboards = parse_dashboards_config(
        "opensearch_security.openid.base_redirect_url: https://dash.example.test:5601/\n"
    )
    found = review_redirect(dashboards, None)
    assert found.evidence["expected_redirect_uri"] == (
        "https://dash.example.test:5601/auth/openid/login"
    )


def test_redirect_with_dynamic_headers_and_no_base():
    dashboards = parse_dashboards_config("opensearch_security.openid.trust_dynamic_headers: true\n")
    found = review_redirect(dashboards, None)
    assert any("X-Forwarded" in c for c in found.at(Status.WARN))


def test_redirect_empty_registration_list():
    dashboards = parse_dashboards_config(
        "opensearch_security.openid.base_redirect_url: https://d.example.test\n"
    )
    found = review_redirect(dashboards, [])
    assert found.at(Status.FAIL) == [
        'Dashboards sends "https://d.example.test/auth/openid/login" but no URI registered at '
        "the IdP was given."
    ]


def test_required_audience_list_needs_one_match():
    config = parse_security_config(
        "authc:\n  oidc:\n    http_authenticator:\n      type: openid\n"
        "      config:\n        required_audience: [dashboards, other]\n"
        "        openid_connect_url: https://i.test/.well-known/openid-configuration\n"
    )
    openid = config.openid_domain()
    claims = {"iss": "https://i.test", "aud": ["other", "x"]}
    ok = review_idp(config, openid, None, claims, None, (2, 19, 0))
    assert ok.at(Status.FAIL) == []
    bad = review_idp(config, openid, None, {"iss": "https://i.test", "aud": "x"}, None, (2, 19, 0))
    assert bad.at(Status.FAIL) == [
        "required_audience is \"dashboards, other\" but the token's aud is 'x' "
        "(the plugin logs 'Invalid audience')."
    ]


def test_dashboards_duplicate_keys_reach_the_redirect_review():
    dashboards = parse_dashboards_config(
        "opensearch_security.openid.base_redirect_url: https://a.test\n"
        "opensearch_security.openid.base_redirect_url: https://b.test\n"
    )
    found = review_redirect(dashboards, ["https://b.test/auth/openid/login"])
    assert found.at(Status.FAIL) == []
    assert any("given a second time" in caution for caution in found.at(Status.WARN))
