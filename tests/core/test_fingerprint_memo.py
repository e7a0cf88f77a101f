"""The process-wide memo of token fingerprints keeps no token, and never a stale name."""

from __future__ import annotations

import sys

from tests.conftest import TEST_FINGERPRINT_KEY
from wizard.core.flow import facts
from wizard.core.vocab import redaction

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZW1vLXRlc3QifQ.c2lnbmF0dXJlLW9mLXRoZS1tZW1vLXRlc3Q"


def test_a_fingerprinted_token_is_not_kept_by_the_process():
    pasted = "".join(["Bearer ", TOKEN, "\n"])  # a string object of its own, as pasted
    held_before = sys.getrefcount(pasted)
    facts.token_fingerprint(pasted)
    facts.token_fingerprint(pasted)  # the second time from the memo
    # A memo keyed by the value would hold a reference to it after its session ended.
    assert sys.getrefcount(pasted) == held_before


def test_the_same_token_under_another_key_gets_that_key_s_fingerprint():
    first = facts.token_fingerprint(TOKEN)
    redaction.use_fingerprint_key(b"another key for this test only")
    try:
        other = facts.token_fingerprint(TOKEN)
    finally:
        redaction.use_fingerprint_key(TEST_FINGERPRINT_KEY)
    assert other != first
    assert facts.token_fingerprint(TOKEN) == first == facts.token_fingerprint(f"Bearer {TOKEN}")
