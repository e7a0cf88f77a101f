"""The one scrubber every output path uses: credentials out of any text before it is shown.

Two kinds of knowledge are used. Shapes: an `Authorization` or `Proxy-Authorization` value of
any scheme, a bare `Bearer …` / `Basic …` / `SSWS …` credential, cookies, `*_secret=`,
`*_token=`, `password=` parameters (in URLs, form bodies, JSON and log lines), and whole JWTs.
Known secrets: every token, client secret and API token of the session; any piece of one of
8 characters or more is masked wherever it appears (a JWT's signature alone, a long prefix),
and so is any base64 text that decodes to something holding such a piece (`id:secret`).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterable

# Pieces shorter than this would mask innocent words that happen to occur in a secret.
MIN_PIECE = 8
Mask = Callable[[str], str]

_TOKEN68 = r"[A-Za-z0-9._~+/-]+=*"
# A header line (curl -v, a log, a HAR export): everything after the colon is the credential.
_AUTH_HEADER = re.compile(
    r"(?im)(?P<name>\b(?:proxy-)?authorization\b[\"']?\s*[:=]\s*[\"']?(?:[A-Za-z-]+ +)?)"
    r"(?P<value>[^\r\n\"']+)"
)
_COOKIE_HEADER = re.compile(
    r"(?im)(?P<name>\b(?:set-)?cookie\b[\"']?\s*[:=]\s*[\"']?)(?P<value>[^\r\n\"']+)"
)
# A credential after its scheme, anywhere in prose; a challenge parameter (`Bearer error="…"`)
# is followed by `=` and is left alone, and so is a plain word ("a Basic challenge").
_SCHEME_CREDENTIAL = re.compile(
    rf"(?i)(?P<name>\b(?:bearer|basic|ssws|dpop|negotiate)\s+)"
    rf"(?P<value>{_TOKEN68})(?![=A-Za-z0-9\"._~+/-])"
)
_WORD = re.compile(r"[A-Za-z]{1,19}")
_SECRET_KEY = r"[A-Za-z0-9_.-]*(?:secret|_token|password|passwd|api_?key|assertion)|token|code"
# `client_secret=…` in a URL, a form body or a log line; `"refresh_token": "…"` in JSON;
# `client_secret: …` in YAML.
_PARAMETER = re.compile(
    rf"(?i)(?P<name>(?<![A-Za-z0-9_.-])(?:{_SECRET_KEY})=)(?P<value>(?!\[)[^&\s;,\"'<>]+)"
)
_JSON_MEMBER = re.compile(
    rf"(?i)(?P<name>[\"'](?:{_SECRET_KEY})[\"']\s*:\s*[\"'])(?P<value>(?!\[)[^\"']+)"
)
_YAML_MEMBER = re.compile(
    r"(?im)(?P<name>^\s*[A-Za-z0-9_.-]*(?:secret|_token|password|passwd|api_?key):\s+)"
    r"(?P<value>(?!\[)[^\s#]+)"
)
JWT_SHAPE = re.compile(
    r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)?"
)
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/_-]{12,}={0,2}")
_MASKED = re.compile(r"\[(?:secret|token|credential)[^\]]*\]")


def default_mask(value: str) -> str:
    """A mask naming nothing but the length (callers pass a fingerprinting one)."""
    return f"[credential, {len(value)} chars]"


class Scrubber:
    """Masks credentials by shape and every piece of the known secrets in any text."""

    def __init__(self, secrets: Iterable[str] = (), mask: Mask = default_mask) -> None:
        self.mask = mask
        self.secrets = sorted({s for s in secrets if s and len(s) >= MIN_PIECE}, key=len)[::-1]
        self.short = sorted({s for s in secrets if s and 4 <= len(s) < MIN_PIECE}, key=len)[::-1]
        self._pieces = {s[i : i + MIN_PIECE] for s in self.secrets for i in range(len(s) - 7)}

    def __call__(self, text: str) -> str:
        return self.scrub(text)

    def scrub(self, text: str) -> str:
        """`text` with every credential shape and every piece of a known secret masked."""
        if not text:
            return text
        text = self._known(text)
        text = JWT_SHAPE.sub(lambda m: self.mask(m.group(0)), text)
        for pattern in (_AUTH_HEADER, _COOKIE_HEADER, _JSON_MEMBER, _YAML_MEMBER, _PARAMETER):
            text = pattern.sub(self._replace_value, text)
        text = _SCHEME_CREDENTIAL.sub(self._replace_scheme_value, text)
        return self._encoded(text)

    def _replace_value(self, match: re.Match[str]) -> str:
        value = match.group("value")
        residue = _MASKED.sub("", value)
        if not re.search(r"[A-Za-z0-9+/=_~.-]{4,}", residue):
            return match.group(0)  # nothing left but masks and spaces
        return match.group("name") + self.mask(value)

    def _replace_scheme_value(self, match: re.Match[str]) -> str:
        if _WORD.fullmatch(match.group("value")):
            return match.group(0)  # a word of prose after the scheme, not a credential
        return self._replace_value(match)

    def _known(self, text: str) -> str:
        for secret in self.secrets:
            if secret in text:
                text = text.replace(secret, self.mask(secret))
        for secret in self.short:
            if secret in text:
                text = text.replace(secret, self.mask(secret))
        if not self._pieces:
            return text
        return self._mask_pieces(text)

    def _mask_pieces(self, text: str) -> str:
        """Mask every run of 8+ characters that occurs inside a known secret."""
        out: list[str] = []
        start = index = 0
        while index <= len(text) - MIN_PIECE:
            if text[index : index + MIN_PIECE] not in self._pieces:
                index += 1
                continue
            end = index + MIN_PIECE
            while end < len(text) and any(text[index : end + 1] in s for s in self.secrets):
                end += 1
            out.append(text[start:index])
            out.append(self.mask(text[index:end]))
            start = index = end
        out.append(text[start:])
        return "".join(out)

    def _encoded(self, text: str) -> str:
        """Mask base64 runs whose decoded bytes hold a known secret (`Basic id:secret`)."""
        if not self.secrets:
            return text

        def change(match: re.Match[str]) -> str:
            decoded = _decode_base64(match.group(0))
            if decoded and self._holds_secret(decoded):
                return self.mask(match.group(0))
            return match.group(0)

        return _BASE64_RUN.sub(change, text)

    def _holds_secret(self, decoded: str) -> bool:
        return any(s in decoded for s in self.secrets) or any(
            decoded[i : i + MIN_PIECE] in self._pieces for i in range(len(decoded) - 7)
        )


def _decode_base64(run: str) -> str | None:
    for alphabet in (base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = alphabet(run + "=" * (-len(run) % 4))
        except (binascii.Error, ValueError):
            continue
        return raw.decode("utf-8", "replace")
    return None


def scrub_text(text: str, secrets: Iterable[str] = (), mask: Mask = default_mask) -> str:
    """One-shot `Scrubber(secrets, mask).scrub(text)`."""
    return Scrubber(secrets, mask).scrub(text)
