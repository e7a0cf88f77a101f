"""The signing helper's JWKs are read back by PyJWT, whatever the key's numbers.

An EC coordinate with leading zero bytes is the case that matters: PyJWT before 2.10 (the
declared floor is 2.8) shortened it when writing and refused it when reading, about one P-256
key in 128, which made the suite fail now and then on the floors.
"""

from __future__ import annotations

import base64

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

from wizard.demo.keys import SigningKey

CURVES = [
    (ec.SECP256R1(), "ES256", 32),
    (ec.SECP384R1(), "ES384", 48),
    (ec.SECP521R1(), "ES512", 66),
]


def _decoded(field: str) -> bytes:
    return base64.urlsafe_b64decode(field + "=" * (-len(field) % 4))


def _key_with_a_short_coordinate(curve: ec.EllipticCurve, width: int) -> ec.EllipticCurvePrivateKey:
    """A key whose x or y fits in fewer than `width` bytes (found by trying, about 1 in 128)."""
    for _ in range(20_000):
        key = ec.generate_private_key(curve)
        numbers = key.public_key().public_numbers()
        if min(numbers.x, numbers.y) < 1 << (8 * (width - 1)):
            return key
    pytest.fail("no key with a short coordinate in 20,000 tries")


@pytest.mark.parametrize(("curve", "alg", "width"), CURVES, ids=[c[1] for c in CURVES])
def test_ec_jwks_keep_the_curves_full_width_and_verify(curve, alg, width):
    key = SigningKey("short", alg, _key_with_a_short_coordinate(curve, width))
    public, private = key.public_jwk(), key.private_jwk()
    for jwk in (public, private):
        assert len(_decoded(jwk["x"])) == width
        assert len(_decoded(jwk["y"])) == width
    assert len(_decoded(private["d"])) == width
    assert "d" not in public

    token = key.sign({"sub": "alice"})
    verifier = ECAlgorithm.from_jwk(public)
    assert jwt.decode(token, verifier, algorithms=[key.alg])["sub"] == "alice"
    # The private JWK is the same key: what it signs, the public JWK verifies.
    signer = SigningKey("short", key.alg, ECAlgorithm.from_jwk(private))
    assert jwt.decode(signer.sign({"sub": "bob"}), verifier, algorithms=[key.alg])["sub"] == "bob"
