"""Fixtures shared by the whole suite."""

import pytest

from wizard.core.vocab import redaction

# Fingerprints are keyed per install; in-process tests pin one key so pictures and expected
# texts stay the same on every machine (and no key file is written to the real data folder).
TEST_FINGERPRINT_KEY = b"oidc-401-wizard test fingerprint key, not a secret"


@pytest.fixture(autouse=True, scope="session")
def fixed_fingerprint_key():
    redaction.use_fingerprint_key(TEST_FINGERPRINT_KEY)
    yield
    redaction.use_fingerprint_key(None)
