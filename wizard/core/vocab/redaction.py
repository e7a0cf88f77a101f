"""Keeping secrets out of everything the wizard writes or shows.

A token is never shown raw: it is named by a short fingerprint, an HMAC-SHA256 keyed with a
secret of this install (kept 0600 in the user data folder), so two views of one session can be
compared, and a mask cannot be reversed by hashing guesses: without the key a guess cannot be
checked. `scrub` is the one scrubber every output path uses (`wizard.core.vocab.scrubber`).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets as random_secrets
from collections.abc import Callable, Iterable

from wizard.core.vocab.datadir import data_dir, ensure_private_folder
from wizard.core.vocab.errors import UserError
from wizard.core.vocab.scrubber import Scrubber

# The label names the hash inside the HMAC; the hex is keyed, so it matches no plain sha256.
FINGERPRINT_PREFIX = "sha256:"
KEY_FILE = "fingerprint.key"
_key: bytes | None = None


def use_fingerprint_key(key: bytes | None) -> None:
    """Pin the key (tests that compare fingerprints with fixed pictures); None forgets it."""
    global _key
    _key = key
    _scrubber.cache_clear()


def fingerprint_key() -> bytes:
    """This install's key, read from (or created 0600 in) the data folder on first use.

    Where the folder cannot be written, a key for this process only is used: fingerprints
    then differ between runs, which is safe, only less convenient.
    """
    global _key
    if _key is None:
        try:
            _key = _load_or_create(data_dir())
        except (OSError, ValueError, UserError):
            _key = random_secrets.token_bytes(32)
    return _key


def _load_or_create(folder) -> bytes:
    path = ensure_private_folder(folder) / KEY_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        try:
            key = os.read(descriptor, 4096)
        finally:
            os.close(descriptor)
        if len(key) < 32:
            raise ValueError("fingerprint key too short") from None
        return key
    key = random_secrets.token_bytes(32)
    try:
        os.fchmod(descriptor, 0o600)
        os.write(descriptor, key)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return key


def fingerprint(secret: str) -> str:
    """A short, stable, non-reversible name for a token or secret (keyed: see above)."""
    data = secret.encode("utf-8", "surrogatepass")
    digest = hmac.new(fingerprint_key(), data, hashlib.sha256).hexdigest()
    return f"{FINGERPRINT_PREFIX}{digest[:12]}"


def mask_secret(secret: str) -> str:
    """How a secret appears anywhere it must be mentioned: its length and fingerprint only."""
    return f"[secret, {len(secret)} chars, {fingerprint(secret)}]"


def mask_token(token: str) -> str:
    """How a whole token appears: by fingerprint only (its claims are shown decoded elsewhere)."""
    return f"[token {fingerprint(token)}]"


@functools.lru_cache(maxsize=64)
def _scrubber(secrets: frozenset[str]) -> Scrubber:
    return Scrubber(secrets, mask_secret, token_mask=mask_token)


def scrubber_for(secrets: Iterable[str]) -> Scrubber:
    """The scrubber that knows `secrets` (built once per set of secrets)."""
    return _scrubber(frozenset(s for s in secrets if s))


def scrub(text: str, secrets: Iterable[str]) -> str:
    """`text` with every credential shape and every piece of the known secrets masked."""
    return scrubber_for(secrets).scrub(text)


def is_credential_name(name: str) -> bool:
    """Whether a fact or check input of this name holds a credential (a token or a secret)."""
    lowered = name.lower()
    return (
        lowered == "token"
        or lowered.endswith("_token")
        or "secret" in lowered
        or "password" in lowered
        or lowered.endswith("api_key")
    )


# Evidence nested deeper than this (a forged header of a thousand arrays) is not walked.
MAX_DEPTH = 64


def map_text(value: object, change: Callable[[str], str], depth: int = 0) -> object:
    """A copy of a JSON-like value with `change` applied to every string in it (not keys).

    Past MAX_DEPTH a subtree is replaced by a note: walking it would exhaust the stack, and
    no diagnosis needs it.
    """
    if isinstance(value, str):
        return change(value)
    if isinstance(value, dict | list | tuple) and depth >= MAX_DEPTH:
        return f"(nested more than {MAX_DEPTH} levels deep; not shown)"
    if isinstance(value, dict):
        return {key: map_text(item, change, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [map_text(item, change, depth + 1) for item in value]
    return value
