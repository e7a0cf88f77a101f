"""Many cheap look-alike tokens for the benchmarks (signed ones come from `wizard.demo.keys`).

Signing 10,000 tokens with RSA would take longer than the benchmark itself; the batch
benchmark never verifies a signature (it runs offline, like the pyjwt baseline), so it gets
well-formed JWTs whose signature part is random bytes of the right length.
"""

from __future__ import annotations

import base64
import json
import random
import time
from collections.abc import Iterator
from typing import Any


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: dict[str, Any]) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def look_alike_tokens(count: int, issuer: str = "https://idp.example.test/") -> list[str]:
    """`count` distinct RS256-shaped access tokens; about one in ten is expired."""
    return list(iter_look_alike_tokens(count, issuer))


def iter_look_alike_tokens(count: int, issuer: str = "https://idp.example.test/") -> Iterator[str]:
    """The tokens of `look_alike_tokens`, made one at a time (for a stream of millions)."""
    rng = random.Random(401)
    now = int(time.time())
    header = _segment({"alg": "RS256", "kid": "bench-key", "typ": "at+jwt"})
    for index in range(count):
        expired = index % 10 == 9
        claims = {
            "iss": issuer,
            "sub": f"user-{index:05d}",
            "aud": "api://default",
            "client_id": "bench-client",
            "scope": "openid profile email",
            "iat": now - 600,
            "exp": now - 60 if expired else now + 3000 + index,
            "jti": f"{rng.getrandbits(64):016x}",
        }
        signature = _b64(rng.getrandbits(2048).to_bytes(256, "big"))
        yield f"{header}.{_segment(claims)}.{signature}"
