"""Hypothesis strategies for hostile tokens: noise, and mutations of a real signed token.

Each strategy yields the text a user might paste. The mutations start from a token minted
by the loopback issuer, so a slightly broken token is also one whose issuer really answers.
"""

from __future__ import annotations

import base64
import json

from hypothesis import strategies as st

# Nesting depths either side of Python's recursion limit (1,000) and far past it.
DEPTHS = (2, 50, 400, 900, 990, 1_000, 1_100, 2_000, 10_000)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def segment(value: object) -> str:
    return b64url(json.dumps(value).encode())


def nested_array(depth: int) -> bytes:
    """`depth` nested JSON arrays, built as text: the structure itself could not be built."""
    return b"[" * depth + b"]" * depth


def nested_object(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def flip_bit(token: str, position: int, bit: int) -> str:
    data = bytearray(token.encode())
    index = position % len(data)
    data[index] ^= 1 << (bit % 7)  # stays ASCII: a flipped bit the user could paste
    return data.decode("ascii", "replace")


def truncate(token: str, length: int) -> str:
    return token[: length % (len(token) + 1)]


def extra_dots(token: str, position: int, count: int) -> str:
    index = position % (len(token) + 1)
    return token[:index] + "." * count + token[index:]


def swap_part(token: str, which: int, raw: bytes) -> str:
    """Replace the header (0), payload (1) or signature (2) with `raw`, base64url-encoded."""
    parts = token.split(".")
    parts[which % 3] = b64url(raw)
    return ".".join(parts)


def with_claim(token: str, name: str, raw_json: bytes) -> str:
    """Give the payload one more member whose value is `raw_json`, spliced in as text."""
    header, payload, signature = token.split(".")
    claims = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    spliced = claims[:-1] + b',"' + name.encode() + b'":' + raw_json + b"}"
    return ".".join((header, b64url(spliced), signature))


def with_header(token: str, raw_json: bytes) -> str:
    header, payload, signature = token.split(".")
    return ".".join((b64url(raw_json), payload, signature))


_JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
JSON_VALUES = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
CLAIM_NAMES = st.sampled_from(
    [
        "iss",
        "aud",
        "exp",
        "nbf",
        "iat",
        "sub",
        "scope",
        "scp",
        "azp",
        "cid",
        "groups",
        "roles",
        "email",
        "tid",
        "ver",
        "realm_access",
        "x",
    ]
)


def _valid_json_bytes(value: object) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


def mutations(token: str) -> st.SearchStrategy[tuple[str, str]]:
    """(kind, text) pairs: every way the brief names of breaking a real token."""
    positions = st.integers(min_value=0, max_value=10_000)
    garbage = st.binary(max_size=200)
    return st.one_of(
        st.tuples(positions, st.integers(0, 6)).map(lambda a: ("bit flip", flip_bit(token, *a))),
        positions.map(lambda n: ("truncation", truncate(token, n))),
        st.tuples(positions, st.integers(1, 4)).map(
            lambda a: ("extra dots", extra_dots(token, *a))
        ),
        st.tuples(st.integers(0, 2), st.text(max_size=60)).map(
            lambda a: ("bad base64", swap_text(token, *a))
        ),
        st.tuples(st.integers(0, 1), garbage).map(lambda a: ("non-JSON", swap_part(token, *a))),
        st.tuples(st.integers(0, 1), st.binary(min_size=1, max_size=60)).map(
            lambda a: ("non-UTF-8", swap_part(token, a[0], b"\xff\xfe" + a[1]))
        ),
        st.tuples(CLAIM_NAMES, st.sampled_from((1_000, 20_000, 60_000))).map(
            lambda a: ("huge claim", with_claim(token, a[0], json.dumps("A" * a[1]).encode()))
        ),
        st.tuples(CLAIM_NAMES, st.sampled_from(DEPTHS), st.booleans()).map(
            lambda a: (
                "deep nesting",
                with_claim(token, a[0], nested_array(a[1]) if a[2] else nested_object(a[1])),
            )
        ),
        st.tuples(st.sampled_from(DEPTHS)).map(
            lambda a: (
                "deep nesting",
                with_header(token, b'{"alg":"RS256","x":' + nested_array(a[0]) + b"}"),
            )
        ),
        st.tuples(CLAIM_NAMES, JSON_VALUES).map(
            lambda a: ("odd claim value", with_claim(token, a[0], _valid_json_bytes(a[1])))
        ),
        JSON_VALUES.map(lambda v: ("odd header", with_header(token, _valid_json_bytes(v)))),
    )


def swap_text(token: str, which: int, text: str) -> str:
    """Replace one part with arbitrary text: '+', '/', '%', spaces, letters past 'z'."""
    parts = token.split(".")
    parts[which] = text
    return ".".join(parts)
