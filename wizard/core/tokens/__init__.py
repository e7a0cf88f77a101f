"""Reading tokens offline: paste cleaning, decoding, claims, times, provider and kind.

Pure functions over strings and dicts: no network, no key, no terminal. The token checks,
the token inspector and the transcript all build on this package.
"""

from wizard.core.tokens.claims import (
    CLAIM_HELP,
    MISSING,
    Scopes,
    audiences,
    claim_at,
    describe_value,
    is_empty,
    is_nested_path,
    namespaced_claims,
    scopes,
)
from wizard.core.tokens.issuers import IssuerComparison, compare_issuer
from wizard.core.tokens.kinds import ACCESS, ID, REFRESH, UNKNOWN, KindGuess, detect_kind
from wizard.core.tokens.parse import ParsedToken, TokenFormat, parse_token
from wizard.core.tokens.pasted import PastedToken, clean_pasted
from wizard.core.tokens.providers import (
    ISSUER_SHAPES,
    PROVIDER_LABELS,
    ProviderGuess,
    detect_provider,
    provider_from_issuer,
)
from wizard.core.tokens.segments import DecodeProblem, json_type_name
from wizard.core.tokens.timefmt import (
    as_timestamp,
    describe_expiry,
    describe_moment,
    format_duration,
    format_utc,
    relative,
)

__all__ = [
    "ACCESS",
    "CLAIM_HELP",
    "ID",
    "ISSUER_SHAPES",
    "MISSING",
    "PROVIDER_LABELS",
    "UNKNOWN",
    "DecodeProblem",
    "IssuerComparison",
    "KindGuess",
    "ParsedToken",
    "PastedToken",
    "REFRESH",
    "ProviderGuess",
    "Scopes",
    "TokenFormat",
    "as_timestamp",
    "audiences",
    "claim_at",
    "clean_pasted",
    "compare_issuer",
    "describe_expiry",
    "describe_moment",
    "describe_value",
    "detect_kind",
    "detect_provider",
    "format_duration",
    "format_utc",
    "is_empty",
    "is_nested_path",
    "json_type_name",
    "namespaced_claims",
    "parse_token",
    "provider_from_issuer",
    "relative",
    "scopes",
]
