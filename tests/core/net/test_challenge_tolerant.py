"""WWW-Authenticate as servers really write it: no commas, no spaces, two schemes, any case."""

from __future__ import annotations

from wizard.core.net.challenge import parse_www_authenticate


def test_aws_api_gateway_separates_parameters_with_spaces():
    [challenge] = parse_www_authenticate(
        'Bearer scope="" error="invalid_token" error_description="the token does not have a '
        'valid audience"'
    )
    assert challenge.scheme == "bearer"
    assert challenge.params == {
        "scope": "",
        "error": "invalid_token",
        "error_description": "the token does not have a valid audience",
    }


def test_django_writes_no_spaces():
    [challenge] = parse_www_authenticate('Bearer realm="api",error="invalid_token",scope="read"')
    assert challenge.error == "invalid_token" and challenge.params["scope"] == "read"


def test_dpop_beside_bearer_keeps_each_error_with_its_scheme():
    challenges = parse_www_authenticate(
        'DPoP algs="ES256 PS256", error="use_dpop_nonce", Bearer realm="api"'
    )
    assert [c.scheme for c in challenges] == ["dpop", "bearer"]
    assert challenges[0].error == "use_dpop_nonce"
    assert challenges[1].error is None and challenges[1].params["realm"] == "api"


def test_a_bare_scheme_followed_by_another_is_not_a_credential():
    assert [c.scheme for c in parse_www_authenticate('Bearer, DPoP algs="ES256"')] == [
        "bearer",
        "dpop",
    ]


def test_schemes_are_case_insensitive_and_token68_is_skipped():
    challenges = parse_www_authenticate('NEGOTIATE YIIBhw==, bEaReR error="invalid_token"')
    assert [c.scheme for c in challenges] == ["negotiate", "bearer"]
    assert challenges[1].error == "invalid_token"


def test_a_cut_quoted_value_is_kept_and_junk_is_not_raised():
    [challenge] = parse_www_authenticate('Bearer error="invalid_tok')
    assert challenge.error == "invalid_tok"
    assert parse_www_authenticate("=,,=") == []
    assert parse_www_authenticate("") == []
