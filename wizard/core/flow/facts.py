"""How a fact's value may be shown: tokens and secrets never appear as they are."""

from __future__ import annotations

import hashlib

from wizard.core.vocab.redaction import fingerprint, fingerprint_key, mask_secret

# Fact types whose values are credentials: shown by fingerprint only.
SECRET_TYPES = frozenset({"token", "secret"})
# Facts with these names hold credentials whatever a flow declares them as.
TOKEN_NAMES = frozenset({"token", "id_token", "access_token", "refresh_token"})
SECRET_NAMES = frozenset({"client_secret", "okta_api_token", "password", "api_token"})


def fact_type_of(name: str, declared: str = "text") -> str:
    """The effective type of a fact: a credential's name overrides a laxer declaration."""
    if name in TOKEN_NAMES:
        return "token"
    if name in SECRET_NAMES:
        return "secret"
    return declared


def token_fingerprint(value: str) -> str:
    """The fingerprint of a token as pasted: of the token itself, without its wrapping.

    The token checks name a token the same way, so one token has one name in a transcript.
    """
    # A session shows its few tokens again at every step (the ledger, each run's inputs, every
    # filled-in text): cleaning and hashing each time was a tenth of a step. The memo is
    # process-wide, so it is keyed by a digest of the value, never the value: no raw token
    # outlives its session in it. The fingerprint key is part of the key, so a key pinned or
    # forgotten never returns a fingerprint of the old one.
    digest = hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    remembered = (digest, fingerprint_key())
    found = _FINGERPRINTS.get(remembered)
    if found is None:
        from wizard.core.tokens.pasted import clean_pasted  # deferred: keeps this module light

        found = fingerprint(clean_pasted(value).value or value.strip())
        if len(_FINGERPRINTS) >= _REMEMBERED:
            _FINGERPRINTS.clear()  # bounded: a batch of a million tokens keeps the latest few
        _FINGERPRINTS[remembered] = found
    return found


_REMEMBERED = 256
_FINGERPRINTS: dict[tuple[bytes, bytes], str] = {}


def describe_fact(fact_type: str, value: str) -> str:
    """The text that may stand for a fact's value of effective type `fact_type` when shown."""
    if fact_type == "token":
        return f"[token {token_fingerprint(value)}]"
    if fact_type == "secret":
        return mask_secret(value)
    return value
