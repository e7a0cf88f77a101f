"""The one place that signs JWTs: for demo worlds, tests and benchmarks. Keys are never stored.

A `SigningKey` is a private key (RS*, PS*, ES*) or a shared secret (HS*) with the `kid` and
`alg` it signs with. The JWKS of a demo world publishes an RS256 and an ES256 key. A third,
"retired" RSA key is kept private and unpublished: a token signed with it plays the classic
"unknown kid" after a key rollover.

Making an RSA key takes a noticeable fraction of a second, so the process makes its key
material once (`process_key`, on first use or ahead of time with `warm_up_in_background`) and
every world, test and benchmark of the process signs with it under its own `kid`. A test that
needs a key nobody else in the process signs with (an attacker's key) asks for a fresh one
with `SigningKey.generate`. The keys only ever sign loopback demo and test tokens; nothing
trusts them outside this process, and nothing is read from or written to disk.
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
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

_made: dict[KeySlot, PrivateKey] = {}
_making = threading.Lock()


def process_key(slot: KeySlot) -> PrivateKey:
    """The process's private key of `slot`, made on first use (thread-safe)."""
    key = _made.get(slot)
    if key is not None:
        return key
    with _making:
        if slot not in _made:
            _made[slot] = _new_key("ec" if slot == "ec" else "rsa")
        return _made[slot]


def _new_key(kind: Literal["rsa", "ec"]) -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


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
    """A private key or a shared secret, with the `kid` (None: no kid) and `alg` it signs with."""

    kid: str | None
    alg: str
    private_key: PrivateKey | None = None
    secret: str | None = None

    @classmethod
    def of(cls, slot: KeySlot, kid: str | None, alg: str | None = None) -> SigningKey:
        """The process's key of `slot` under `kid` (alg RS256 or ES256 unless told)."""
        return cls(kid, alg or ("ES256" if slot == "ec" else "RS256"), process_key(slot))

    @classmethod
    def generate(
        cls, kind: Literal["rsa", "ec"], kid: str | None, alg: str | None = None
    ) -> SigningKey:
        """A key made now, which no other key of the process equals (slow for RSA)."""
        return cls(kid, alg or ("ES256" if kind == "ec" else "RS256"), _new_key(kind))

    @classmethod
    def shared(cls, secret: str, alg: str = "HS256", kid: str | None = None) -> SigningKey:
        """A shared secret for HS256, HS384 or HS512 (Auth0-style HS256 APIs name no `kid`)."""
        return cls(kid, alg, secret=secret)

    def verifying_key(self) -> Any:
        """What verifies this key's signatures: the public key, or the shared secret itself."""
        if self.private_key is None:
            return self.secret
        return self.private_key.public_key()

    def public_jwk(self) -> dict[str, Any]:
        """The public half as a JWK, with `kid`, `alg` and `use`."""
        from jwt.algorithms import ECAlgorithm, RSAAlgorithm

        public = self._asymmetric().public_key()
        if isinstance(public, rsa.RSAPublicKey):
            jwk = dict(RSAAlgorithm.to_jwk(public, as_dict=True))
        else:
            jwk = {**ECAlgorithm.to_jwk(public, as_dict=True), **_full_width(public)}
        return self._labelled(jwk)

    def private_jwk(self) -> dict[str, Any]:
        """The whole key as a JWK, for a test provider that signs with it too (never published)."""
        from jwt.algorithms import ECAlgorithm, RSAAlgorithm

        private = self._asymmetric()
        if isinstance(private, rsa.RSAPrivateKey):
            jwk = dict(RSAAlgorithm.to_jwk(private, as_dict=True))
        else:
            jwk = {**ECAlgorithm.to_jwk(private, as_dict=True), **_full_width(private)}
        return self._labelled(jwk)

    def sign(
        self,
        claims: dict[str, Any],
        headers: dict[str, Any] | None = None,
        alg: str | None = None,
    ) -> str:
        """A compact JWS of `claims`; the header has this key's `kid`, then `headers`."""
        import jwt

        key: Any = self.private_key if self.private_key is not None else self.secret
        kid = {} if self.kid is None else {"kid": self.kid}
        return jwt.encode(
            claims, key, algorithm=alg or self.alg, headers={**kid, **(headers or {})}
        )

    def _asymmetric(self) -> PrivateKey:
        if self.private_key is None:
            # A JWK of a shared secret would publish the secret itself.
            raise TypeError(f"the {self.alg} key {self.kid!r} is a shared secret, not a key pair")
        return self.private_key

    def _labelled(self, jwk: dict[str, Any]) -> dict[str, Any]:
        kid = {} if self.kid is None else {"kid": self.kid}
        return {**jwk, **kid, "alg": self.alg, "use": "sig"}


def _full_width(key: ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey) -> dict[str, str]:
    """The EC key's coordinates (and private value) at the curve's full width in bytes.

    RFC 7518, section 6.2.1.2, fixes the width. PyJWT before 2.10 drops leading zero bytes when
    it writes a JWK and then refuses that JWK when it reads it, so about one P-256 key in 128
    would publish a JWKS that the floor PyJWT cannot use.
    """
    from jwt.utils import base64url_encode

    width = (key.curve.key_size + 7) // 8

    def encoded(value: int) -> str:
        return base64url_encode(value.to_bytes(width, "big")).decode()

    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    numbers = public.public_numbers()
    fields = {"x": encoded(numbers.x), "y": encoded(numbers.y)}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        fields["d"] = encoded(key.private_numbers().private_value)
    return fields


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

    @property
    def hs256(self) -> SigningKey:
        """The HS256 API's shared secret as a signing key (no `kid`: there is only the one)."""
        return SigningKey.shared(self.hs256_secret)

    def published(self) -> tuple[SigningKey, ...]:
        """The keys the JWKS lists (the retired key is deliberately absent)."""
        return (self.rsa, self.ec)

    def jwks(self) -> dict[str, list[dict[str, object]]]:
        """The JSON Web Key Set document."""
        return {"keys": [key.public_jwk() for key in self.published()]}

    def by_kid(self, kid: str | None) -> SigningKey | None:
        """The published key with this `kid`, if any."""
        return next((key for key in self.published() if key.kid == kid), None)
