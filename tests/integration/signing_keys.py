"""The provider's signing keys, made here so that tests can also sign with them.

The fixture hands these keys to the provider as a JWKS file. Tokens the provider issues and
tokens a test mints with :meth:`SigningKeys.mint` then verify against the same published JWKS,
which lets a test build what the provider would never issue (an expired token, a foreign
issuer) that still carries a valid signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wizard.demo.keys import SigningKey

# server.mjs signs with the first key of each type; these kids name them in token headers.
RS256_KID = "test-rs256"
ES256_KID = "test-es256"


@dataclass(frozen=True)
class SigningKeys:
    """An RSA key for RS256 and a P-256 key for ES256."""

    rsa: SigningKey
    ec: SigningKey

    @classmethod
    def generate(cls) -> SigningKeys:
        """The process's key material under the provider's kids."""
        return cls(rsa=SigningKey.of("rsa", RS256_KID), ec=SigningKey.of("ec", ES256_KID))

    def private_jwks(self) -> dict[str, Any]:
        """The private JWK Set the provider is configured with."""
        return {"keys": [self.rsa.private_jwk(), self.ec.private_jwk()]}

    def mint(
        self, claims: dict[str, Any], alg: str = "RS256", headers: dict[str, Any] | None = None
    ) -> str:
        """Sign ``claims`` with the provider's own key for ``alg`` (RS256 or ES256).

        ``headers`` are added to (and may override) ``{"kid": ..., "typ": "JWT"}``.
        """
        return {"RS256": self.rsa, "ES256": self.ec}[alg].sign(claims, headers)
