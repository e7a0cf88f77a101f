"""The demo identity provider's signing keys, made fresh for every world.

The JWKS publishes an RS256 and an ES256 key. A third, "retired" RSA key is kept private and
unpublished: a token signed with it plays the classic "unknown kid" after a key rollover.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

RSA_KID = "demo-rsa-2026"
EC_KID = "demo-ec-2026"
RETIRED_KID = "demo-rsa-2025"


@dataclass(frozen=True)
class SigningKey:
    """A private key with the `kid` and `alg` it signs with."""

    kid: str
    alg: str
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    def public_jwk(self) -> dict[str, object]:
        """The public half as a JWK, with `kid`, `alg` and `use`."""
        public = self.private_key.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = dict(RSAAlgorithm.to_jwk(public, as_dict=True))
        else:
            jwk = dict(ECAlgorithm.to_jwk(public, as_dict=True))
        jwk.update({"kid": self.kid, "alg": self.alg, "use": "sig"})
        return jwk


@dataclass(frozen=True)
class DemoKeys:
    """All keys of one demo world."""

    rsa: SigningKey
    ec: SigningKey
    retired: SigningKey
    # An Auth0-style HS256 API signs with a shared secret that only it and the IdP know.
    hs256_secret: str

    @classmethod
    def generate(cls) -> DemoKeys:
        """Fresh keys; nothing is read from or written to disk."""
        return cls(
            rsa=SigningKey(RSA_KID, "RS256", rsa.generate_private_key(65537, 2048)),
            ec=SigningKey(EC_KID, "ES256", ec.generate_private_key(ec.SECP256R1())),
            retired=SigningKey(RETIRED_KID, "RS256", rsa.generate_private_key(65537, 2048)),
            hs256_secret=secrets.token_urlsafe(32),
        )

    def published(self) -> tuple[SigningKey, ...]:
        """The keys the JWKS lists (the retired key is deliberately absent)."""
        return (self.rsa, self.ec)

    def jwks(self) -> dict[str, list[dict[str, object]]]:
        """The JSON Web Key Set document."""
        return {"keys": [key.public_jwk() for key in self.published()]}

    def by_kid(self, kid: str | None) -> SigningKey | None:
        """The published key with this `kid`, if any."""
        return next((key for key in self.published() if key.kid == kid), None)
