"""What the security plugin reads from a token: the user name (`subject_key`) and the backend
roles (`roles_key`), replayed with the plugin's rules so the wizard can show the outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

DEFAULT_SUBJECT_KEY = "sub"
# Release that first accepts `roles_key` as a YAML list naming a nested path.
NESTED_ROLES_KEY_SINCE = (3, 1, 0)
# Release that first accepts `subject_key` as such a list.
NESTED_SUBJECT_KEY_SINCE = (3, 2, 0)


def parse_version(text: str | None) -> tuple[int, int, int] | None:
    """``"2.6.0"`` → ``(2, 6, 0)``; also ``v2.6``, ``2.11.1-SNAPSHOT``; None if unreadable."""
    if not text:
        return None
    found = re.match(r"\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?", text)
    if not found:
        return None
    major, minor, patch = (int(part) if part else 0 for part in found.groups())
    return major, minor, patch


def format_version(version: tuple[int, int, int]) -> str:
    return ".".join(str(part) for part in version)


def subject_warning(subject_key: str) -> str:
    """The plugin's log line when the configured `subject_key` claim is missing."""
    return (
        f"Failed to get subject from JWT claims, check if subject_key '{subject_key}' is correct."
    )


def roles_warning(roles_key: str) -> str:
    """The plugin's log line when the `roles_key` claim is missing."""
    return (
        f"Failed to get roles from JWT claims with roles_key '{roles_key}'. "
        "Check if this key is correct and available in the JWT payload."
    )


def java_string(value: Any) -> str:
    """How the plugin (Java's String.valueOf) prints a non-string claim value."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(java_string(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}={java_string(item)}" for key, item in value.items()) + "}"
    return str(value)


def java_split_commas(text: str) -> list[str]:
    """Java's ``split(",")``: no trimming, trailing empty parts dropped (but never all)."""
    parts = text.split(",")
    while len(parts) > 1 and parts[-1] == "":
        parts.pop()
    return parts


@dataclass(frozen=True)
class SubjectResolution:
    """The user name the plugin would take from the token, or why it would take none.

    Attributes:
        key: the claim read (``sub`` unless `subject_key` is set).
        configured: whether `subject_key` was set in config.yml.
        user: the resolved user name, None when the claim is missing.
        problem: the plugin's log text when no user name comes out.
        note: a remark on a converted value (a number or list turned into text).
        logged: whether `problem` is the plugin's own log text (else it is the wizard's words).
    """

    key: str
    configured: bool
    user: str | None
    problem: str | None = None
    note: str | None = None
    logged: bool = True


def resolve_subject(
    claims: dict[str, Any], subject_key: object, version: tuple[int, int, int] | None = None
) -> SubjectResolution:
    """Replay the plugin's subject extraction on decoded claims.

    A string `subject_key` is one literal top-level claim name. A list names a nested path and is
    understood from 3.2 on only; with no version known it is read as 3.2+ (and said so).
    """
    configured = subject_key not in (None, "", [])
    if isinstance(subject_key, list):
        return _resolve_subject_path(claims, [str(part) for part in subject_key], version)
    key = str(subject_key) if configured else DEFAULT_SUBJECT_KEY
    value = claims.get(key)
    if value is None:
        problem = subject_warning(key) if configured else "No subject found in JWT token"
        return SubjectResolution(key, configured, None, problem=problem)
    return _subject_value(key, configured, value)


def _subject_value(
    key: str, configured: bool, value: Any, note: str | None = None
) -> SubjectResolution:
    if isinstance(value, str):
        return SubjectResolution(key, configured, value, note=note)
    text = java_string(value)
    converted = (
        f"the claim '{key}' is {type(value).__name__}, not a string; the plugin logs a warning "
        f"and uses its text form '{text}'"
    )
    return SubjectResolution(key, configured, text, note="; ".join(filter(None, [note, converted])))


def _resolve_subject_path(
    claims: dict[str, Any], path: list[str], version: tuple[int, int, int] | None
) -> SubjectResolution:
    key = "[" + ", ".join(path) + "]"
    if version is not None and version < NESTED_SUBJECT_KEY_SINCE:
        return SubjectResolution(
            key,
            True,
            None,
            problem=(
                f"subject_key is a list {key}, which OpenSearch {format_version(version)} does "
                f"not understand: nested paths need {format_version(NESTED_SUBJECT_KEY_SINCE)} or "
                "later"
            ),
            logged=False,
        )
    value: Any = claims
    for step in path[:-1]:
        value = value.get(step) if isinstance(value, dict) else None
        if not isinstance(value, dict):
            # The plugin words a broken path differently from a missing last step.
            problem = f"Failed to get subject from JWT claims with subject_key '{key}'."
            return SubjectResolution(key, True, None, problem=problem)
    value = value.get(path[-1]) if path else None
    if value is None:
        return SubjectResolution(key, True, None, problem=subject_warning(key))
    note = None
    if version is None:
        since = format_version(NESTED_SUBJECT_KEY_SINCE)
        note = (
            f"a list subject_key needs OpenSearch {since}+; no version was given, so it was assumed"
        )
    return _subject_value(key, True, value, note)


@dataclass(frozen=True)
class RolesResolution:
    """The backend roles the plugin would take from the token.

    Attributes:
        key_text: `roles_key` as the plugin's messages print it (None when not configured).
        path: the claim names walked (one for a top-level claim).
        found: whether a value was found at the path.
        roles: the backend roles, exactly as the plugin would have them (untrimmed).
        problem: why no roles come out (None when they do or when no roles_key is set).
        plugin_warning: the plugin's own log text for a missing claim, when it logs one.
        notes: remarks that do not stop roles from being read (untrimmed spaces, conversions).
        hints: what may be meant instead (a nested claim for a dotted key, a near-miss name).
    """

    key_text: str | None
    path: tuple[str, ...]
    found: bool
    roles: tuple[str, ...] = ()
    problem: str | None = None
    plugin_warning: str | None = None
    notes: tuple[str, ...] = ()
    hints: tuple[str, ...] = ()
    raw: Any = None


def resolve_roles(
    claims: dict[str, Any], roles_key: object, version: tuple[int, int, int] | None
) -> RolesResolution:
    """Replay the plugin's backend-role extraction on decoded claims.

    A string `roles_key` is always one literal top-level claim name, dots included. A list names a
    nested path and is understood from 3.1 on only; with no version known it is read as 3.1+.
    """
    if roles_key in (None, "", []):
        return RolesResolution(None, (), False)
    if isinstance(roles_key, list):
        return _resolve_list_key(claims, roles_key, version)
    if isinstance(roles_key, dict):
        return RolesResolution(
            java_string(roles_key),
            (),
            False,
            problem="roles_key is a mapping; it must be a claim name (or, from 3.1, a list)",
        )
    key = str(roles_key)
    return _resolve_path(claims, key, (key,))


def _resolve_list_key(
    claims: dict[str, Any], roles_key: list[Any], version: tuple[int, int, int] | None
) -> RolesResolution:
    path = tuple(str(part) for part in roles_key)
    key_text = "[" + ", ".join(path) + "]"
    if version is not None and version < NESTED_ROLES_KEY_SINCE:
        return RolesResolution(
            key_text,
            path,
            False,
            problem=(
                f"roles_key is a list {key_text}, which OpenSearch {format_version(version)} does "
                f"not understand: nested paths need {format_version(NESTED_ROLES_KEY_SINCE)} or "
                "later; older releases read one top-level claim name only (a list setting is most "
                "likely seen as unset, so no roles and no warning: unverified)"
            ),
            hints=(
                "upgrade to 3.1+, or have the IdP put the roles in a top-level claim and name it: "
                f"roles_key: {path[-1]}",
            ),
        )
    resolution = _resolve_path(claims, key_text, path)
    if version is None:
        note = f"a list roles_key needs OpenSearch {format_version(NESTED_ROLES_KEY_SINCE)}+"
        return _with_notes(resolution, (note + "; no version was given, so 3.1+ was assumed",))
    return resolution


def _resolve_path(claims: dict[str, Any], key_text: str, path: tuple[str, ...]) -> RolesResolution:
    value: Any = claims
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
        if value is None:
            return RolesResolution(
                key_text,
                path,
                False,
                problem=f"the token has no claim {_path_text(path)}",
                plugin_warning=roles_warning(key_text),
                hints=_missing_claim_hints(claims, path),
            )
    roles, notes = _roles_from_value(value, key_text)
    return RolesResolution(key_text, path, True, roles=tuple(roles), notes=tuple(notes), raw=value)


def _roles_from_value(value: Any, key_text: str) -> tuple[list[str], list[str]]:
    notes: list[str] = []
    if isinstance(value, list):
        roles = [item if isinstance(item, str) else java_string(item) for item in value]
        if any(not isinstance(item, str) for item in value):
            notes.append("some roles in the list are not strings; they are used in text form")
    else:
        if not isinstance(value, str):
            notes.append(
                f"roles_key '{key_text}' holds a {type(value).__name__}, not a string or a list; "
                "the plugin logs a warning and splits its text form on commas"
            )
        roles = java_split_commas(java_string(value))
        if len(roles) > 1:
            notes.append(f"the value is one string, split on ',' into {len(roles)} roles")
    padded = [role for role in roles if role != role.strip()]
    if padded:
        shown = ", ".join(f"'{role}'" for role in padded)
        notes.append(
            f"{shown} keep their spaces (roles are not trimmed), so they match only patterns with "
            "the same spaces; have the IdP send a list, or a string without spaces after commas "
            "(some older releases trimmed roles: unverified for yours)"
        )
    if "" in roles:
        notes.append("an empty role comes out of the value (two commas in a row, or a leading one)")
    return roles, notes


def _missing_claim_hints(claims: dict[str, Any], path: tuple[str, ...]) -> tuple[str, ...]:
    hints: list[str] = []
    name = path[-1] if len(path) == 1 else None
    if name and "." in name:
        nested = tuple(name.split("."))
        if _lookup(claims, nested) is not None:
            hints.append(
                f"the token has a nested claim {_path_text(nested)}, but a dotted roles_key is one "
                "literal claim name; from 3.1 write it as a list: roles_key: "
                f"[{', '.join(nested)}]; before 3.1 the roles must be in a top-level claim"
            )
    if name:
        near = [key for key in claims if key != name and key.casefold() == name.casefold()]
        hints.extend(f"the token has '{key}' (claim names are case-sensitive)" for key in near)
    candidates = sorted(
        key for key in claims if re.search(r"role|group|entitle|permission", key, re.IGNORECASE)
    )
    if candidates:
        hints.append("claims in the token that look like roles: " + ", ".join(candidates))
    return tuple(hints)


def _lookup(claims: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = claims
    for step in path:
        value = value.get(step) if isinstance(value, dict) else None
    return value


def _path_text(path: tuple[str, ...]) -> str:
    return "'" + "' → '".join(path) + "'"


def _with_notes(resolution: RolesResolution, extra: tuple[str, ...]) -> RolesResolution:
    return replace(resolution, notes=resolution.notes + extra)
