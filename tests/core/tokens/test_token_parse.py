"""Reading pasted tokens: cleaning, classification and precise decode errors."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tests.core.tokens.minting import SEED_001, b64, handmade, jwe, mint, okta_access
from wizard.core.tokens import TokenFormat, clean_pasted, parse_token
from wizard.core.vocab.redaction import fingerprint


@pytest.mark.parametrize(
    ("pasted", "stripped"),
    [
        ("abc123", ()),
        ("  abc123\n", ("whitespace around the token",)),
        ("Bearer abc123", ("the 'Bearer ' prefix",)),
        ("bearer   abc123", ("the 'Bearer ' prefix",)),
        ('"abc123"', ("surrounding quotes",)),
        ("'Bearer abc123'", ("surrounding quotes", "the 'Bearer ' prefix")),
        (
            "Authorization: Bearer abc123",
            ("the 'Authorization:' header name", "the 'Bearer ' prefix"),
        ),
        ("abc\n123", ("line breaks or spaces inside the token",)),
        ('"abc123",', ("a trailing comma", "surrounding quotes")),
        (
            '"access_token": "abc123",',
            ("the 'access_token' field name", "a trailing comma", "surrounding quotes"),
        ),
        ("#id_token=abc123", ("the 'id_token' field name",)),
        (
            "access_token=abc123&token_type=Bearer",
            ("the 'access_token' field name", "the URL parameters after it"),
        ),
    ],
)
def test_paste_wrapping_is_removed_and_named(pasted: str, stripped: tuple[str, ...]) -> None:
    cleaned = clean_pasted(pasted)
    assert cleaned.value == "abc123"
    assert set(cleaned.stripped) == set(stripped)


def test_a_signed_jwt_is_decoded() -> None:
    token = mint(okta_access())
    parsed = parse_token(f"Bearer {token}\n")
    assert parsed.format is TokenFormat.JWS
    assert parsed.readable
    assert parsed.alg == "RS256" and parsed.kid == "test-key-1"
    assert parsed.claims["cid"] == "0oa1clientid"
    assert parsed.fingerprint == fingerprint(token)
    assert parsed.secret_value() == token
    assert any("Bearer" in note for note in parsed.notes)


def test_the_raw_token_and_signature_stay_out_of_repr_summary_and_asdict() -> None:
    token = mint(okta_access())
    parsed = parse_token(token)
    signature = token.rsplit(".", 1)[1]
    as_json = json.dumps(dataclasses.asdict(parsed), default=str)
    for shown in (repr(parsed), str(parsed), str(parsed.summary()), as_json):
        assert token not in shown
        assert signature not in shown


def test_five_parts_is_an_encrypted_token_with_a_readable_header() -> None:
    parsed = parse_token(jwe({"alg": "dir", "enc": "A256GCM", "iss": "https://acme.auth0.com/"}))
    assert parsed.format is TokenFormat.JWE
    assert parsed.problem is None and not parsed.readable
    assert parsed.header["alg"] == "dir"
    assert parsed.claims == {}


@pytest.mark.parametrize("token", ["3f9c2a1b7d4e8f60a1b2c3d4e5f60718", "ya29.a0AfH6SMBx", "x"])
def test_anything_else_is_opaque(token: str) -> None:
    parsed = parse_token(token)
    assert parsed.format is TokenFormat.OPAQUE
    assert parsed.problem is None
    assert parsed.length == len(token)


@pytest.mark.parametrize(
    ("token", "part", "words"),
    [
        (handmade({"alg": "RS256"}, "eyJzdWIiOiJhIn0!"), "payload", ["'!'", "position 38"]),
        (handmade({"alg": "RS256"}, "eyJz+WIiOiJhIn0"), "payload", ["'+'", "base64url"]),
        (handmade({"alg": "RS256"}, "eyJzd"), "payload", ["5 characters", "cut short"]),
        (handmade({"alg": "RS256"}, b64("{not json")), "payload", ["not valid JSON", "column"]),
        (handmade({"alg": "RS256"}, b64("[1, 2]")), "payload", ["not an object", "an array"]),
        (handmade({"alg": "RS256"}, b64(b"\xff\xfe\x00")), "payload", ["not UTF-8", "byte 0"]),
        (handmade({"alg": "RS256"}, b64('{"a":1,"a":2}')), "payload", ["same member twice"]),
        (handmade({"alg": "RS256"}, ""), "payload", ["empty"]),
        (handmade(b64("nope"), {"sub": "a"}), "header", ["not valid JSON"]),
        (handmade({"alg": "RS256"}, b64('{"exp": NaN}')), "payload", ["NaN"]),
        ("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0", "token", ["2 dot-separated parts"]),
        ("eyJ.a.b.c", "token", ["4 dot-separated parts"]),
        ("Bearer ", "token", ["Nothing is left"]),
    ],
)
def test_decode_problems_name_the_part_and_the_place(token: str, part: str, words: list[str]):
    parsed = parse_token(token)
    assert parsed.problem is not None
    assert parsed.problem.part == part
    for word in words:
        assert word in parsed.problem.message
    assert not parsed.readable


def test_standard_base64_gets_a_hint_about_base64url() -> None:
    parsed = parse_token(handmade({"alg": "RS256"}, "ab/c"))
    assert parsed.problem is not None
    assert "'-' and '_'" in parsed.problem.message


def test_the_seed_001_token_reads_as_auth0_management_api_token() -> None:
    parsed = parse_token(SEED_001.read_text())
    assert parsed.readable
    assert parsed.claims["iss"] == "https://monrifnet-test.eu.auth0.com/"
    assert parsed.claims["aud"] == "https://monrifnet-test.eu.auth0.com/api/v2/"
    assert parsed.alg == "RS256"
    assert "Removed the 'Authorization:' header name before reading." in parsed.notes
