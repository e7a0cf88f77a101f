"""token.signature: verify a JWT with the key its issuer publishes at jwks_uri, and only there."""

from __future__ import annotations

from wizard.core.checks._jwkmatch import choose_keys
from wizard.core.checks._netcheck import is_confirmed, resolve_issuer
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.checks.token_input import first_token
from wizard.core.net.fetch import NetworkProblem
from wizard.core.net.issuer import get_issuer_keys
from wizard.core.tokens import TokenFormat
from wizard.core.tokens.providers import is_graph_token
from wizard.core.tokens.references import ENTRA_ACCESS_TOKENS
from wizard.core.vocab.result import CheckResult

REFS = (
    "https://www.rfc-editor.org/rfc/rfc7515#section-5.2",
    "https://www.rfc-editor.org/rfc/rfc8725#section-3.1",
    "https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation",
)
# Headers that point at keys: an attacker controls them, so they are named and ignored.
KEY_POINTER_HEADERS = ("jku", "x5u", "jwk", "x5c")


@check(
    "token.signature",
    title="Token signature",
    inputs={
        "token": "the JWT to verify",
        "issuer": "the issuer whose keys to use (else the token's iss)",
    },
    requires=("token",),
    network=True,
)
async def token_signature(ctx: CheckContext) -> CheckResult:
    token = first_token(ctx, "token")
    if token is None or token.format is TokenFormat.OPAQUE:
        return ctx.skipped(
            "Not run: the token is opaque, not a JWT; there is no signature to "
            "verify here (ask introspection or userinfo instead)."
        )
    if token.format is TokenFormat.JWE:
        return ctx.skipped(
            "Not run: the token is encrypted (JWE); only its recipient can open "
            "it, so its signature cannot be checked here."
        )
    if token.problem is not None:
        return ctx.skipped(
            f"Not run: the token cannot be decoded ({token.problem.message}); "
            "see the “Token format” card."
        )
    if token.signature_removed:
        return ctx.skipped(
            "Not run: the token's signature was removed (sanitized: 'header.payload.' or a "
            "mask in place of the signature), so there is nothing to verify; paste the whole "
            "token to check it (it is never stored or shown).",
            evidence={"kid": token.header.get("kid")},
        )
    if is_graph_token(token.claims):
        # Graph signs a hashed nonce, not the one in the header: only Graph can verify it.
        return ctx.skipped(
            "Not run: this is a Microsoft Graph token. Only Graph can validate its signature "
            "(its header carries a nonce that Graph checks), so a failure elsewhere does not "
            "mean it was altered; and it is never a token for your own API (see the "
            "'Microsoft Entra token' card).",
            evidence={"aud": token.claims.get("aud")},
            refs=(ENTRA_ACCESS_TOKENS,),
        )
    header = token.header
    alg = str(header.get("alg", ""))
    pointers = [name for name in KEY_POINTER_HEADERS if name in header]
    ignored = (
        f" The token carries {', '.join(pointers)} header(s); they were not followed (keys "
        "come only from the issuer's jwks_uri)."
        if pointers
        else ""
    )
    evidence = {"alg": alg, "kid": header.get("kid"), "ignored_headers": pointers}
    if alg.lower() == "none" or not alg:
        return ctx.failed(
            f"The token is not signed (alg {alg or 'missing'!r}): anyone can forge it.{ignored}",
            evidence=evidence,
            fix="Reject unsigned tokens; get a token from the real issuer (RS256 by default).",
            refs=REFS,
        )
    if alg.startswith("HS"):
        return ctx.skipped(
            f"Not run: the token is signed with a shared secret ({alg}); it can only be verified "
            "with that secret, not with the issuer's public keys. See the “Signing algorithm” "
            f"card.{ignored}",
            evidence=evidence,
        )
    issuer, source = resolve_issuer(ctx)
    if not issuer:
        return ctx.skipped(
            "Not run: no issuer is known (no issuer given, and the token has no "
            "iss), so there is no key set to verify with.",
            evidence=evidence,
        )
    evidence.update(issuer_used=issuer, issuer_source=source)
    try:
        _meta, jwks_uri, _response, keys = await get_issuer_keys(
            ctx.env, issuer, confirmed=is_confirmed(ctx, issuer, source)
        )
    except NetworkProblem as problem:
        return ctx.skipped(
            f"Not run: the keys of {issuer} ({source}) could not be fetched: {problem.message}",
            evidence=evidence,
        )
    evidence["jwks_uri"] = jwks_uri
    choice = choose_keys(keys, header)
    where = f"the keys at {jwks_uri} (issuer {issuer}, {source})"
    if not choice.candidates:
        return ctx.failed(
            f"The signature cannot be verified with {where}: {choice.message}.{ignored}",
            evidence=evidence,
            fix=(
                "An unknown kid means the keys rotated (get a fresh token; make the verifier "
                "refresh its key cache) or the token was issued by another issuer or tenant "
                "(compare its iss with the configured issuer)."
            ),
            refs=REFS,
        )
    verified_kid = _verify(token.secret_value(), alg, choice.candidates)
    if verified_kid is None:
        tried = ", ".join(str(key.get("kid", "(no kid)")) for key in choice.candidates)
        return ctx.failed(
            f"The signature does NOT verify with {where} (tried kid {tried}): the token was "
            f"altered, or signed by another server that uses the same kid.{ignored}",
            evidence=evidence,
            fix="Get a fresh token from the configured issuer and do not edit it; if it still "
            "fails, the service provider and the token disagree about the issuer.",
            refs=REFS,
        )
    evidence["verified_with_kid"] = verified_kid
    said = f"The {alg} signature verifies with key {verified_kid!r} from {where}.{ignored}"
    if choice.problem == "no-kid-several":
        return ctx.warned(
            f"{said} But {choice.message}: verifiers that need a kid will reject it.",
            evidence=evidence,
            fix="Configure the issuer to put kid in the token header.",
            refs=REFS,
        )
    return ctx.passed(said, evidence=evidence, refs=REFS)


def _verify(compact: str, alg: str, candidates: tuple[dict, ...]) -> str | None:
    """The kid of the first candidate key the signature verifies with, or None."""
    import jwt  # deferred: only the signature check builds key objects

    for jwk in candidates:
        try:
            key = jwt.PyJWK(jwk, algorithm=alg).key
            jwt.PyJWS().decode(compact, key=key, algorithms=[alg])
        except (jwt.PyJWKError, jwt.InvalidTokenError, ValueError, TypeError):
            continue
        return str(jwk.get("kid", "(no kid)"))
    return None
