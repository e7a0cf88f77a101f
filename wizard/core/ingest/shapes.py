"""The shapes of credentials in text, shared by the recognisers, the output and the sanitizer."""

from __future__ import annotations

import re

# A JWS (three parts) or JWE (five); the header of both starts with '{"' = eyJ in base64url.
JWT_ANYWHERE = re.compile(
    r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?"
)
