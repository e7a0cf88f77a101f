"""What was given as a token but cannot be one gets one clear message, the same in every face."""

from __future__ import annotations

import pytest

from tests.core.tokens.minting import mint, okta_access
from wizard.core.tokens.input_problems import token_problem

JWT = mint(okta_access())
HEADER, PAYLOAD, SIGNATURE = JWT.split(".")


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("this is my token!!", "spaces and punctuation"),
        ("my token is here", "words with spaces"),
        ("abc!!", "'!'"),
        ("token.txt", "file name"),
        ("./tokens/access", "file name"),
        (f"{HEADER}.{PAYLOAD}", "cut off"),
        (HEADER, "cut off"),
        (f"{JWT}.{SIGNATURE}", "cut off or joined"),
        ('""', "nothing is left"),
    ],
    # The signed tokens differ per test process (each mints its own key): ids must not show them.
    ids=[
        "sentence!!",
        "words",
        "punctuation",
        "file-name",
        "path",
        "two-parts",
        "one-part",
        "four-parts",
        "quotes-only",
    ],
)
def test_text_that_cannot_be_a_token_is_named(given, words):
    problem = token_problem(given)
    assert problem is not None and words in problem


@pytest.mark.parametrize(
    "given",
    [
        JWT,
        f"Bearer {JWT}",
        f"Authorization: Bearer {JWT}",
        f'"{JWT}"',
        f"{JWT[:50]}\n{JWT[50:]}",  # wrapped by a terminal
        f"{HEADER}.{PAYLOAD}.",  # a sanitizer took the signature: the claims still read
        "Xq3v9TbN1mK8pL2wR7yZ4cF6hJ0sD5gA",  # an Auth0 opaque token
        "2YotnFZFEjr1zCsicMWpAA",  # RFC 6749's example access token
        f"Bearer Bearer {JWT}",  # usable; the format card names the client's bug
    ],
    ids=[
        "jwt",
        "bearer",
        "header",
        "quoted",
        "wrapped",
        "sanitized",
        "auth0-opaque",
        "rfc6749-opaque",
        "bearer-bearer",
    ],
)
def test_what_can_be_a_token_passes(given):
    assert token_problem(given) is None


def test_an_existing_file_is_named_with_the_way_to_read_it(tmp_path):
    path = tmp_path / "tok"
    path.write_text(JWT)
    problem = token_problem(str(path), file_hint="--token-file FILE")
    assert problem is not None
    assert "name of a file" in problem and "did you mean --token-file FILE?" in problem


def test_the_message_never_quotes_the_value():
    nearly = f"{HEADER}.{PAYLOAD}"
    problem = token_problem(nearly) or ""
    assert PAYLOAD not in problem and HEADER not in problem
