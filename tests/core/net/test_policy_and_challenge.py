"""Where requests may go, and how WWW-Authenticate is read."""

from __future__ import annotations

import pytest

from wizard.core.net import is_loopback_host, origin_of, parse_www_authenticate, url_problem
from wizard.core.vocab.environment import CheckOptions


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.8.9.1", "[::1]", "a.localhost"])
def test_loopback_hosts(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["example.com", "10.0.0.1", "localhost.example.com"])
def test_remote_hosts(host):
    assert not is_loopback_host(host)


def test_plain_http_is_refused_for_a_remote_host_unless_allowed():
    url = "http://idp.example.com/x"
    assert "--allow-http" in url_problem(url, CheckOptions())
    assert url_problem(url, CheckOptions(allow_http=True)) is None
    assert url_problem("http://127.0.0.1:8080/x", CheckOptions()) is None
    assert url_problem("https://idp.example.com/x", CheckOptions()) is None


@pytest.mark.parametrize("url", ["ftp://x/y", "not a url", "https://", "https://h:99999/"])
def test_unusable_urls_are_named(url):
    assert url_problem(url, CheckOptions()) is not None


def test_origins_use_default_ports():
    assert origin_of("https://A.example/x") == origin_of("https://a.example:443/y")
    assert origin_of("http://a.example/") != origin_of("https://a.example/")


def test_bearer_challenge_with_error_and_scope():
    [challenge] = parse_www_authenticate(
        'Bearer realm="api", error="insufficient_scope", scope="openid profile"'
    )
    assert challenge.scheme == "bearer"
    assert challenge.error == "insufficient_scope"
    assert challenge.params["scope"] == "openid profile"


def test_several_challenges_in_one_header():
    challenges = parse_www_authenticate('Basic realm="a, b", Bearer error="invalid_token"')
    assert [c.scheme for c in challenges] == ["basic", "bearer"]
    assert challenges[0].params["realm"] == "a, b"
    assert challenges[1].error == "invalid_token"


def test_escaped_quotes_and_bare_scheme():
    [challenge] = parse_www_authenticate('Bearer error_description="say \\"hi\\""')
    assert challenge.params["error_description"] == 'say "hi"'
    assert parse_www_authenticate("Bearer")[0].params == {}
