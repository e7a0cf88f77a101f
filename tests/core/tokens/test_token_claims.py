"""Claim lookup, audiences, scopes and times, as the inspector and the checks read them."""

from __future__ import annotations

import pytest

from tests.core.tokens.minting import FIXED_NOW
from wizard.core.tokens import (
    CLAIM_HELP,
    MISSING,
    audiences,
    claim_at,
    describe_expiry,
    format_duration,
    format_utc,
    is_empty,
    is_nested_path,
    relative,
    scopes,
)
from wizard.core.tokens.timefmt import as_timestamp

CLAIMS = {
    "sub": "alice",
    "realm_access": {"roles": ["admin"]},
    "resource_access": {"my.app": {"roles": ["viewer"]}},
    "https://example.test/roles": ["ops"],
    "nothing": None,
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("sub", "alice"),
        ("realm_access.roles", ["admin"]),
        ("resource_access.my.app.roles", ["viewer"]),
        ("https://example.test/roles", ["ops"]),
        ("nothing", None),
        ("realm_access.groups", MISSING),
        ("sub.deeper", MISSING),
        ("absent", MISSING),
    ],
)
def test_claim_paths_resolve_like_a_service_provider_reads_them(path: str, value: object):
    assert (
        claim_at(CLAIMS, path) == value
        if value is not MISSING
        else claim_at(CLAIMS, path) is MISSING
    )


def test_nested_paths_are_told_apart_from_literal_claims() -> None:
    assert is_nested_path(CLAIMS, "realm_access.roles")
    assert not is_nested_path(CLAIMS, "https://example.test/roles")


@pytest.mark.parametrize(
    ("aud", "expected"),
    [("api://default", ["api://default"]), (["a", "b", 3], ["a", "b"]), (None, []), (7, [])],
)
def test_aud_is_always_a_list(aud: object, expected: list[str]) -> None:
    assert audiences({"aud": aud}) == expected


@pytest.mark.parametrize(
    ("claims", "claim", "values", "shape"),
    [
        ({"scp": ["openid", "email"]}, "scp", ("openid", "email"), "array"),
        ({"scp": "User.Read Mail.Read"}, "scp", ("User.Read", "Mail.Read"), "string"),
        ({"scope": "openid profile"}, "scope", ("openid", "profile"), "string"),
        ({"scope": ["openid"]}, "scope", ("openid",), "array"),
        ({"scope": 5}, "scope", (), "other"),
        ({}, None, (), "absent"),
    ],
)
def test_scopes_come_from_scp_or_scope_in_any_shape(claims, claim, values, shape) -> None:
    found = scopes(claims)
    assert (found.claim, found.values, found.shape) == (claim, values, shape)


def test_the_inspector_can_explain_the_common_claims() -> None:
    for name in ("iss", "sub", "aud", "exp", "iat", "nbf", "scp", "scope", "azp", "nonce"):
        assert CLAIM_HELP[name]
    assert (
        CLAIM_HELP["aud"]
        == "who the token is for (a client id for ID tokens, an API for access tokens)"
    )


@pytest.mark.parametrize("value", [None, "", "  ", [], {}])
def test_empty_values(value: object) -> None:
    assert is_empty(value)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (45, "45 s"),
        (300, "5 min"),
        (11_520, "3 h 12 min"),
        (7200, "2 h"),
        (90_000, "1 d 1 h"),
    ],
)
def test_durations_read_at_a_glance(seconds: int, text: str) -> None:
    assert format_duration(seconds) == text


def test_expiry_in_the_past_and_in_the_future() -> None:
    exp = FIXED_NOW - (3 * 3600 + 12 * 60 + 58)
    assert describe_expiry(exp, FIXED_NOW) == "expired 3 h 12 min ago (2026-11-22 07:47:02 UTC)"
    assert relative(FIXED_NOW + 300, FIXED_NOW) == "in 5 min"
    assert describe_expiry(FIXED_NOW + 300, FIXED_NOW).startswith("expires in 5 min (")


@pytest.mark.parametrize("value", ["1700000000", True, float("nan"), float("inf"), 10**30, None])
def test_only_finite_numbers_are_times(value: object) -> None:
    assert as_timestamp(value) is None


def test_times_beyond_the_calendar_do_not_raise() -> None:
    assert "out of" in format_utc(2.0**52)
