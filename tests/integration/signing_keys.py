"""The provider's signing keys, made here so that tests can also sign with them.

The fixture hands these keys to the provider as a JWKS file. Tokens the provider issues and
tokens a test mints with :meth:`SigningKeys.mint` then verify against the same published JWKS,
which lets a test build what the provider would never issue (an expired token, a foreign
issuer) that still carries a valid signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

# server.mjs signs with the first key of each type; these kids name them in token headers.
RS256_KID = "test-rs256"
ES256_KID = "test-es256"


@dataclass(frozen=True)
class SigningKeys:
    """An RSA key for RS256 and a P-256 key for ES256."""

    rsa_key: rsa.RSAPrivateKey
    ec_key: ec.EllipticCurvePrivateKey

    @classmethod
    def generate(cls) -> SigningKeys:
        """Make a fresh pair of keys (a fresh set per test session)."""
        return cls(
            rsa_key=rsa.generate_private_key(public_exponent=65537, key_size=2048),
            ec_key=ec.generate_private_key(ec.SECP256R1()),
        )

    def private_jwks(self) -> dict[str, Any]:
        """The private JWK Set the provider is configured with."""
        rsa_jwk = RSAAlgorithm.to_jwk(self.rsa_key, as_dict=True)
        ec_jwk = ECAlgorithm.to_jwk(self.ec_key, as_dict=True)
        return {
            "keys": [
                {**rsa_jwk, "kid": RS256_KID, "alg": "RS256", "use": "sig"},
                {**ec_jwk, "kid": ES256_KID, "alg": "ES256", "use": "sig"},
            ]
        }

    def mint(
        self, claims: dict[str, Any], alg: str = "RS256", headers: dict[str, Any] | None = None
    ) -> str:
        """Sign ``claims`` with the provider's own key for ``alg`` (RS256 or ES256).

        ``headers`` are added to (and may override) ``{"kid": ..., "typ": "JWT"}``.
        """
        key, kid = {"RS256": (self.rsa_key, RS256_KID), "ES256": (self.ec_key, ES256_KID)}[alg]
        return jwt.encode(claims, key, algorithm=alg, headers={"kid": kid, **(headers or {})})
