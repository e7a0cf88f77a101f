"""The scrubber's shortcuts change nothing: it masks exactly what its patterns alone would.

`Scrubber.scrub` skips a shape whose words are absent, tries a pattern only where a match can
start, and looks for pieces of a secret only in runs of the secret's characters. Each test
compares it with the plain way: every pattern's `sub` over the whole text, every 8-character
window looked up. The text is drawn from the words the shortcuts key on (in every case, and
with the non-ASCII letters that case-insensitive patterns treat as ASCII ones), quotes,
separators and pieces of the secrets.
"""

from __future__ import annotations

import base64
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core.vocab import credential_shapes
from wizard.core.vocab import scrubber as scrubber_module
from wizard.core.vocab.scrubber import MIN_PIECE, Scrubber

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CREDENTIAL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
WORDS = [
    "authorization", "Authorization", "AUTHORIZATION", "AUTHOR\u0130ZATION", "proxy-",
    "Proxy-Authorization: ", "set-cookie: ", "Authorization=",
    "cookie", "Set-Cookie", "secret", "client_secret", "\u017fecret", "_token", "token",
    "TOKEN", "password", "passwd", "api_key", "apikey", "assertion", "code", "bearer",
    "Basic", "ssws", "dpop", "Negotiate", "\u212aey", "eyJ", "[secret, 3 chars]",
    "'", '"', ":", "=", ": ", " ", "\n", "-", "_", ".", "&", "{", "}", "\u0131", "==",
]  # fmt: skip


def plain_scrub(scrubber: Scrubber, text: str) -> str:
    """What `scrub` did before its shortcuts: every pattern over the whole text."""
    if not text:
        return text
    for secret in scrubber.secrets + scrubber.short:
        if secret in text:
            text = text.replace(secret, scrubber.mask(secret))
    text = plain_pieces(scrubber, text)
    text = credential_shapes.JWT_SHAPE.sub(lambda m: scrubber.token_mask(m.group(0)), text)
    for shape in credential_shapes.SHAPES:
        replace = scrubber._replace_scheme_value if shape.scheme else scrubber._replace_value
        text = shape.pattern.sub(replace, text)

    def change(match: re.Match[str]) -> str:
        decoded = scrubber_module._decode_base64(match.group(0))
        pieces = scrubber_module.windows(decoded or "")
        if decoded and (
            any(s in decoded for s in scrubber.secrets)
            or any(p in scrubber._pieces for p in pieces)
        ):
            return scrubber.mask(match.group(0))
        return match.group(0)

    return scrubber_module._BASE64_RUN.sub(change, text) if scrubber.secrets else text


def plain_pieces(scrubber: Scrubber, text: str) -> str:
    pieces = {s[i : i + MIN_PIECE] for s in scrubber.secrets for i in range(len(s) - 7)}
    out, start, index = [], 0, 0
    while index <= len(text) - MIN_PIECE:
        if text[index : index + MIN_PIECE] not in pieces:
            index += 1
            continue
        end = index + MIN_PIECE
        while end < len(text) and any(text[index : end + 1] in s for s in scrubber.secrets):
            end += 1
        out += [text[start:index], scrubber.mask(text[index:end])]
        start = index = end
    return "".join(out) + text[start:]


@st.composite
def texts_and_secrets(draw: st.DrawFn) -> tuple[str, list[str]]:
    secrets = draw(st.lists(st.text(CREDENTIAL, min_size=4, max_size=40), max_size=2))
    parts = []
    for _ in range(draw(st.integers(1, 14))):
        kind = draw(st.sampled_from(["word", "word", "piece", "base64", "noise"]))
        if kind == "word" or not secrets and kind in ("piece", "base64"):
            parts.append(draw(st.sampled_from(WORDS)))
        elif kind == "piece":
            secret = draw(st.sampled_from(secrets))
            start = draw(st.integers(0, len(secret)))
            parts.append(secret[start : start + draw(st.integers(1, 24))])
        elif kind == "base64":
            prefix = draw(st.sampled_from(["", "i", "id:"]))
            raw = f"{prefix}{draw(st.sampled_from(secrets))}".encode()
            encode = draw(st.sampled_from([base64.b64encode, base64.urlsafe_b64encode]))
            parts.append(encode(raw).decode())
        else:
            parts.append(draw(st.text(CREDENTIAL + " \"':=;,/+", max_size=12)))
    return "".join(parts), secrets


@SETTINGS
@given(case=texts_and_secrets())
def test_scrub_masks_exactly_what_the_patterns_alone_mask(case):
    text, secrets = case
    scrubber = Scrubber(secrets)
    assert scrubber.scrub(text) == plain_scrub(scrubber, text)


@SETTINGS
@given(case=texts_and_secrets())
def test_a_long_text_of_many_members_is_scrubbed_as_its_parts_are(case):
    # Long, JSON-like text: many quoted names, some of them secret ones, as a `--batch` line.
    text, secrets = case
    members = ", ".join(f'"{name}": "{text}"' for name in ("detail", "token", "a_secret"))
    long_text = '{"line": 1, ' + members * 20
    scrubber = Scrubber(secrets)
    assert scrubber.scrub(long_text) == plain_scrub(scrubber, long_text)


def test_the_case_insensitive_letters_outside_ascii_go_the_long_way():
    # re's IGNORECASE matches these to ASCII letters, which str.lower() would not find.
    for text in ("AUTHOR\u0130ZATION: Bearer abcdefgh12345", "client_\u017fecret=abcdefgh12345"):
        scrubber = Scrubber([])
        assert scrubber.scrub(text) == plain_scrub(scrubber, text)
        assert "abcdefgh12345" not in scrubber.scrub(text)


def test_the_edges_of_the_shortcuts():
    secret = "abcdefgh"
    for text in (
        "Proxy-Authorization: Basic abcdefgh12345",
        "x proxy-authorization=zzzzzzzz12",
        "Set-Cookie: sid=zzzzzzzz12; theme=dark",
        base64.b64encode(b"a" + secret.encode()).decode() + "!",  # a 12-character run
        "'not_a_name' \"x.client_secret\" : 'zzzzzzzz12'",
    ):
        scrubber = Scrubber([secret])
        assert scrubber.scrub(text) == plain_scrub(scrubber, text)
        assert "zzzzzzzz12" not in scrubber.scrub(text)
