"""Property tests of the one scrubber: over generated text and secrets, nothing leaks.

A secret here is drawn from the alphabets real credentials use (base64url, hex, the
characters of client secrets); the text around it is any Unicode. Each property is what an
attacker who controls a server's echo would try: the secret whole, a piece of it, its
base64, its JWT signature alone, or a credential shape the scrubber never saw before.
"""

from __future__ import annotations

import base64
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core.vocab.redaction import fingerprint, mask_secret, scrub
from wizard.core.vocab.scrubber import MIN_PIECE, Scrubber

CREDENTIAL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/"
secrets_ = st.text(alphabet=CREDENTIAL_ALPHABET, min_size=MIN_PIECE, max_size=80)
surrounding = st.text(max_size=60)
MASK = re.compile(r"\[(?:secret|credential)[^\]]*\]")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outside_masks(text: str) -> str:
    """What is left of scrubbed text once its masks are cut out (joined by a separator)."""
    return "\x00".join(MASK.split(text))


def assert_no_piece(text: str, secret: str) -> None:
    rest = outside_masks(text)
    for start in range(len(secret) - MIN_PIECE + 1):
        piece = secret[start : start + MIN_PIECE]
        assert piece not in rest, (piece, text)


@SETTINGS
@given(before=surrounding, secret=secrets_, after=surrounding)
def test_a_known_secret_never_survives_whole_or_in_pieces(before, secret, after):
    assert_no_piece(scrub(before + secret + after, [secret]), secret)


@SETTINGS
@given(secret=secrets_, start=st.integers(0, 80), length=st.integers(MIN_PIECE, 80))
def test_any_long_piece_of_a_known_secret_is_masked(secret, start, length):
    piece = secret[start : start + length]
    if len(piece) < MIN_PIECE:
        return
    assert_no_piece(scrub(f"the server said {piece}!", [secret]), piece)


@SETTINGS
@given(client_id=st.text(alphabet=CREDENTIAL_ALPHABET, min_size=1, max_size=30), secret=secrets_)
def test_base64_of_id_and_secret_is_masked(client_id, secret):
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        echoed = encode(f"{client_id}:{secret}".encode()).decode()
        out = scrub(f"echo: {echoed} (end)", [secret])
        assert echoed not in outside_masks(out)


@SETTINGS
@given(header=secrets_, payload=secrets_, signature=secrets_)
def test_a_jwt_signature_on_its_own_is_masked(header, payload, signature):
    token = f"eyJ{header}.{payload}.{signature}".replace(".", "A", 0)
    out = scrub(f"invalid signature {signature} for token", [token])
    assert_no_piece(out, signature)


@SETTINGS
@given(
    scheme=st.sampled_from(["Bearer", "bearer", "BASIC", "SSWS", "DPoP", "Negotiate"]),
    value=st.text(alphabet=CREDENTIAL_ALPHABET, min_size=12, max_size=60).filter(
        lambda v: any(c.isdigit() for c in v)
    ),
    header=st.sampled_from(["Authorization: ", "Proxy-Authorization: ", "", "curl -H 'x' "]),
)
def test_an_unknown_credential_after_its_scheme_is_masked(scheme, value, header):
    out = scrub(f"{header}{scheme} {value}", [])
    assert value not in outside_masks(out)


@SETTINGS
@given(
    name=st.sampled_from(
        ["client_secret", "refresh_token", "access_token", "id_token", "password", "token"]
    ),
    value=st.text(alphabet=CREDENTIAL_ALPHABET.replace("~", ""), min_size=6, max_size=40),
    form=st.sampled_from(["url", "json", "cookie"]),
)
def test_secret_parameters_are_masked_in_urls_bodies_and_cookies(name, value, form):
    text = {
        "url": f"GET https://x/cb?state=1&{name}={value}&x=2",
        "json": f'{{"{name}": "{value}", "ok": true}}',
        "cookie": f"Cookie: {name}={value}; theme=dark",
    }[form]
    out = outside_masks(scrub(text, []))
    # The value where it stood, right after its name (the name itself may contain it).
    assert (f'"{value}"' if form == "json" else f"={value}") not in out


@SETTINGS
@given(text=st.text(max_size=200), secrets=st.lists(secrets_, max_size=3))
def test_scrubbing_is_total_and_idempotent(text, secrets):
    once = scrub(text, secrets)
    assert scrub(once, secrets) == once


def test_plain_prose_is_left_alone():
    prose = (
        'WWW-Authenticate: Bearer realm="api", error="invalid_token". A Basic challenge '
        "answered a Bearer call; see token.signature and the token's aud."
    )
    assert scrub(prose, []) == prose


def test_a_challenge_parameter_in_single_quotes_is_prose_not_a_credential():
    # How the resource and userinfo cards quote the server's challenge.
    said = "answered HTTP 401, Bearer error='invalid_token' (the token was rejected)"
    assert scrub(said, []) == said
    quoted = "'Authorization: Bearer 3f9c1a77b2e04d5c'"
    assert "3f9c1a77b2e04d5c" not in scrub(quoted, [])


def test_fingerprints_are_keyed_so_a_guess_cannot_be_checked():
    import hashlib

    guess = "hunter2hunter2"
    plain_hash = hashlib.sha256(guess.encode()).hexdigest()[:12]
    assert fingerprint(guess) != f"sha256:{plain_hash}"
    assert fingerprint(guess) == fingerprint(guess)  # stable within the install
    assert guess not in mask_secret(guess)


def test_the_install_key_is_created_private_and_reused(tmp_path, monkeypatch):
    from wizard.core.vocab import redaction

    monkeypatch.setenv("WIZARD_DATA_DIR", str(tmp_path / "data"))
    redaction.use_fingerprint_key(None)
    try:
        first = redaction.fingerprint("some-client-secret")
        key_file = tmp_path / "data" / redaction.KEY_FILE
        assert key_file.stat().st_mode & 0o777 == 0o600
        redaction.use_fingerprint_key(None)
        assert redaction.fingerprint("some-client-secret") == first
    finally:
        from tests.conftest import TEST_FINGERPRINT_KEY

        redaction.use_fingerprint_key(TEST_FINGERPRINT_KEY)


def test_a_scrubber_with_no_secrets_still_masks_shapes():
    assert "abc123def456" not in Scrubber().scrub("Authorization: Bearer abc123def456")


def test_a_fingerprint_under_a_secret_name_is_left_as_the_mask_it_is():
    named = fingerprint("some token")
    for text in (f'{{"token": "{named}"}}', f"token={named}&x=1", f"client_secret: {named}"):
        assert scrub(text, ()) == text
    # Anything glued to a fingerprint-shaped start is still masked whole.
    glued = f'{{"token": "{named}Zq9xLongerSecretValue"}}'
    assert "LongerSecretValue" not in scrub(glued, ())


def test_check_json_names_the_token_each_result_read_by_its_fingerprint():
    import json
    import subprocess
    import sys
    import time

    import jwt

    claims = {"iss": "https://example.org/", "aud": "api", "sub": "u", "exp": time.time() + 600}
    token = jwt.encode(claims, "k" * 32, algorithm="HS256")
    shown = subprocess.run(
        [sys.executable, "-m", "wizard", "check", "--offline", "--json", f"--token={token}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    named = {r["evidence"].get("token") for r in json.loads(shown)["results"] if r.get("evidence")}
    assert named and all(str(n).startswith("sha256:") for n in named - {None}), named
