"""Whether the claim a service provider reads is there, non-empty, well typed and equal.

Service providers such as OpenSearch compare user names and roles case-sensitively, so a
value that matches only when case is ignored is a failure with a case hint, not a pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from typing import Any

from wizard.core.tokens.claims import MISSING, claim_at, describe_value, is_empty, is_nested_path
from wizard.core.tokens.scope_rules import SCOPE_CLAIMS
from wizard.core.tokens.segments import json_type_name
from wizard.core.vocab.findings import Findings

_AUTH0_DROPPED = ("roles", "groups", "permissions")
_PROFILE_LIKE = {name for names in SCOPE_CLAIMS.values() for name in names}
# Claims that name the user; service providers differ in which one they read (the Okta
# troubleshooting guide's example: email vs preferred_username).
_USER_NAME_CLAIMS = ("email", "preferred_username", "upn", "unique_name", "username", "login")


def expected_claim_findings(
    claims: Mapping[str, Any],
    path: str,
    expect_value: str | None,
    provider: str,
    kind: str,
    granted: Collection[str] | None = None,
) -> Findings:
    """Judge the claim at `path` (dotted allowed) and, if given, compare it to `expect_value`.

    `granted` is the login's scopes where known (its access token's): a hint that holds only
    when the scope releasing the claim was granted is left out when it was not.
    """
    found = Findings()
    found.evidence.update({"claim": path, "expected_value": expect_value})
    if not path:
        found.add("No claim name was given.", "fail", "Name the claim the service provider reads.")
        return found
    value = claim_at(claims, path)
    if value is MISSING:
        _missing(found, claims, path, provider, kind, granted)
        return found
    found.evidence["value"] = value
    shown = describe_value(value)
    nested = ""
    if is_nested_path(claims, path):
        nested = (
            " It was found by walking into objects; OpenSearch before 3.1 reads roles_key only "
            "as a top-level claim (3.1+ takes a YAML list path)."
        )
    if is_empty(value):
        found.add(
            f"{path} is present but empty ({shown}).{nested}",
            "fail",
            "Make the identity provider fill it for this user (a mapper or profile attribute).",
        )
        return found
    if isinstance(value, dict):
        keys = ", ".join(list(value)[:8])
        found.add(
            f"{path} is an object (keys: {keys}), not a value a service provider can use.{nested}",
            "fail",
            f"Point the service provider at a field inside it, e.g. {path}.{next(iter(value))}.",
        )
        return found
    found.add(f"{path} is {shown} ({json_type_name(value)}).{nested}")
    if isinstance(value, list) and not all(isinstance(item, str) for item in value):
        found.add(
            "The array holds values that are not strings; role matching compares strings.",
            "warn",
            "Make the identity provider emit an array of strings.",
        )
    if expect_value is not None:
        _compare(found, path, value, expect_value)
    return found


def _compare(found: Findings, path: str, value: Any, expected: str) -> None:
    candidates = value if isinstance(value, list) else [value]
    texts = [_as_text(item) for item in candidates]
    if expected in texts:
        verb = "contains" if isinstance(value, list) else "equals"
        found.add(f"It {verb} the expected value {expected!r}, exactly.")
        return
    case_only = [text for text in texts if text.casefold() == expected.casefold()]
    if case_only:
        found.add(
            f"{case_only[0]!r} matches {expected!r} only if case is ignored, and the comparison "
            "is case-sensitive (OpenSearch users, backend roles and mappings included).",
            "fail",
            f"Use {case_only[0]!r} exactly, with this case, where the service provider expects it "
            "(e.g. in roles_mapping.yml), or change the value at the identity provider.",
        )
        return
    spaced = [text for text in texts if text.strip() == expected.strip()]
    if spaced:
        found.add(
            f"{spaced[0]!r} differs from {expected!r} only by surrounding spaces.",
            "fail",
            "Remove the spaces (OpenSearch splits role strings on ',' without trimming).",
        )
        return
    found.add(
        f"Expected {path} to be (or contain) {expected!r}, but it is {describe_value(value)}.",
        "fail",
        f"Either configure the service provider to expect {describe_value(value)} or change "
        "what the identity provider puts in the claim.",
    )


def _missing(
    found: Findings,
    claims: Mapping[str, Any],
    path: str,
    provider: str,
    kind: str,
    granted: Collection[str] | None,
):
    hints: list[str] = []
    top = path.split(".")[0]
    parent_path, _, leaf = path.rpartition(".")
    parent = claim_at(claims, parent_path) if parent_path else MISSING
    if isinstance(parent, Mapping):
        hints.append(f"{parent_path} exists but has no {leaf!r} (it has: {', '.join(parent)}).")
    same_but_case = [name for name in claims if name.lower() == path.lower() and name != path]
    if same_but_case:
        hints.append(f"It has {same_but_case[0]!r}: claim names are case-sensitive.")
    namespaced = [name for name in claims if name.endswith("/" + path)]
    if namespaced:
        hints.append(
            f"It has the namespaced claim {namespaced[0]!r}: point the service provider at "
            "that full name."
        )
    if provider == "auth0" and path in _AUTH0_DROPPED and not namespaced:
        hints.append(
            f"Auth0 silently drops non-namespaced custom claims such as {path!r}: add it in an "
            "Action under a namespace (e.g. https://example.com/roles)."
        )
    close = difflib.get_close_matches(path, [str(name) for name in claims], n=3, cutoff=0.7)
    close = [n for n in close if n not in same_but_case and not path.startswith(n + ".")]
    if close:
        hints.append(f"Close names in the token: {', '.join(close)}.")
    if top in _USER_NAME_CLAIMS:
        others = [
            f"{name} {describe_value(claims[name])}"
            for name in _USER_NAME_CLAIMS
            if name != top and isinstance(claims.get(name), str) and claims[name]
        ]
        if others:
            hints.append(
                f"Other claims that name the user: {', '.join(others)}; if the service "
                "provider can read one of them instead, pointing it there also works."
            )
    if top in _PROFILE_LIKE:
        scope = next(s for s, names in SCOPE_CLAIMS.items() if top in names)
        where = (
            " Access tokens rarely carry profile claims; they are in the ID token or at userinfo."
            if kind == "access"
            else ""
        )
        hints.append(f"{top!r} is released with the {scope!r} scope.{where}")
        # A thin ID token explains a missing claim only if its scope was granted at all.
        thin = granted is None or scope in granted
        if provider in ("okta-org", "okta-custom") and kind == "id" and thin:
            hints.append(
                "Okta may issue a thin ID token (base claims only) when an access token is "
                "returned with it; the rest is then at /userinfo (not every setup does this)."
            )
    elif not same_but_case and not namespaced:
        hints.append(
            "Roles and groups claims usually need a scope or mapper of their own (Okta "
            "'groups' claim, Keycloak client mappers, custom scopes such as entitlement_group)."
        )
    found.evidence["claims_present"] = sorted(str(name) for name in claims)
    found.add(
        f"The token has no claim {path!r}. " + " ".join(hints),
        "fail",
        f"Make the identity provider release {path!r} (scope, claim rule or mapper), or point "
        "the service provider at a claim the token has.",
    )


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else describe_value(value)
