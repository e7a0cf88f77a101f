"""Signing keys for demo worlds, tests and benchmarks: made once per process, never stored.

The JWKS of a demo world publishes an RS256 and an ES256 key. A third, "retired" RSA key is
kept private and unpublished: a token signed with it plays the classic "unknown kid" after a
key rollover.

Making an RSA key takes a noticeable fraction of a second, so the process makes its key
material once (`process_key`, on first use or ahead of time with `warm_up_in_background`) and
every world, test and benchmark of the process signs with it under its own `kid`. The keys
only ever sign loopback demo and test tokens; nothing trusts them outside this process, and
nothing is read from or written to disk.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric import ec, rsa

RSA_KID = "demo-rsa-2026"
EC_KID = "demo-ec-2026"
RETIRED_KID = "demo-rsa-2025"

# The distinct keys of a process: two RSA keys (one to publish, one to hold back as
# "retired" or "foreign") and a P-256 key.
KeySlot = Literal["rsa", "rsa-other", "ec"]
SLOTS: tuple[KeySlot, ...] = ("rsa", "rsa-other", "ec")

_made: dict[KeySlot, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey] = {}
_making = threading.Lock()


def process_key(slot: KeySlot) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    """The process's private key of `slot`, made on first use (thread-safe)."""
    key = _made.get(slot)
    if key is not None:
        return key
    with _making:
        if slot not in _made:
            _made[slot] = (
                ec.generate_private_key(ec.SECP256R1())
                if slot == "ec"
                else rsa.generate_private_key(public_exponent=65537, key_size=2048)
            )
        return _made[slot]


def warm_up_in_background() -> threading.Thread:
    """Make the process's keys in a daemon thread, so that a world started later need not wait.

    The key arithmetic runs in OpenSSL, which releases the GIL, so the UI stays responsive.
    """
    thread = threading.Thread(
        target=lambda: [process_key(slot) for slot in SLOTS], name="wizard-keys", daemon=True
    )
    thread.start()
    return thread


@dataclass(frozen=True)
class SigningKey:
    """A private key with the `kid` and `alg` it signs with."""

    kid: str
    alg: str
    private_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

    @classmethod
    def of(cls, slot: KeySlot, kid: str, alg: str | None = None) -> SigningKey:
        """The process's key of `slot` under `kid` (alg RS256 or ES256 unless told)."""
        return cls(kid, alg or ("ES256" if slot == "ec" else "RS256"), process_key(slot))

    def public_jwk(self) -> dict[str, Any]:
        """The public half as a JWK, with `kid`, `alg` and `use`."""
        from jwt.algorithms import ECAlgorithm, RSAAlgorithm

        public = self.private_key.public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = dict(RSAAlgorithm.to_jwk(public, as_dict=True))
        else:
            jwk = dict(ECAlgorithm.to_jwk(public, as_dict=True))
        jwk.update({"kid": self.kid, "alg": self.alg, "use": "sig"})
        return jwk

    def sign(
        self,
        claims: dict[str, Any],
        headers: dict[str, Any] | None = None,
        alg: str | None = None,
    ) -> str:
        """A compact JWS of `claims`; the header has this key's `kid`, then `headers`."""
        import jwt

        return jwt.encode(
            claims,
            self.private_key,
            algorithm=alg or self.alg,
            headers={"kid": self.kid, **(headers or {})},
        )


def sign_hmac(
    claims: dict[str, Any], secret: str, alg: str = "HS256", headers: dict[str, Any] | None = None
) -> str:
    """A compact JWS of `claims` with a shared secret (HS256, HS384 or HS512)."""
    import jwt

    return jwt.encode(claims, secret, algorithm=alg, headers=headers)


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
        """The world's keys: the process's key material, and a fresh HS256 secret."""
        return cls(
            rsa=SigningKey.of("rsa", RSA_KID),
            ec=SigningKey.of("ec", EC_KID),
            retired=SigningKey.of("rsa-other", RETIRED_KID),
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
