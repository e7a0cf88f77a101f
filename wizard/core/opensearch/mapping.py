"""Replaying `roles_mapping.yml` for one user: which roles map, why, and what would map.

A role maps when a `users` pattern matches the user name, or a `backend_roles` pattern matches
one of the user's backend roles, or every `and_backend_roles` pattern matches one of them.
`hosts` depends on the caller's address and is reported, never evaluated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wizard.core.opensearch.patterns import PatternTooSlow, regex_problem
from wizard.core.opensearch.patterns import matches as _matches
from wizard.core.opensearch.roles_mapping import RoleMapping

PLACEHOLDER_ROLE = "ROLE_NAME"


@dataclass(frozen=True)
class NearMiss:
    """A pattern that would match if case (or surrounding spaces) were ignored."""

    role: str
    field: str  # users, backend_roles or and_backend_roles
    pattern: str
    value: str
    why: str  # "case" or "spaces"

    def explain(self) -> str:
        difference = "letter case" if self.why == "case" else "surrounding spaces"
        return (
            f"role '{self.role}': {self.field} pattern '{self.pattern}' differs from "
            f"'{self.value}' only in {difference}; the plugin compares exactly, so it does not map"
        )


@dataclass(frozen=True)
class RoleOutcome:
    """How one role fared: mapped or not, the reasons, and near misses."""

    role: str
    mapped: bool
    reasons: tuple[str, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()
    hosts: tuple[str, ...] = ()
    pattern_problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class MappingReplay:
    """The outcome for every role in the file."""

    user: str | None
    backend_roles: tuple[str, ...]
    outcomes: tuple[RoleOutcome, ...]

    def mapped(self) -> tuple[RoleOutcome, ...]:
        return tuple(outcome for outcome in self.outcomes if outcome.mapped)

    def near_misses(self) -> tuple[NearMiss, ...]:
        return tuple(miss for outcome in self.outcomes for miss in outcome.near_misses)

    def host_only(self) -> tuple[RoleOutcome, ...]:
        """Roles not mapped here that might still map through `hosts` (not evaluated)."""
        return tuple(o for o in self.outcomes if not o.mapped and o.hosts)

    def pattern_problems(self) -> tuple[str, ...]:
        return tuple(problem for outcome in self.outcomes for problem in outcome.pattern_problems)


def replay_mapping(
    mappings: Sequence[RoleMapping], user: str | None, backend_roles: Sequence[str]
) -> MappingReplay:
    """Evaluate every role mapping for `user` with `backend_roles`, the way the plugin does."""
    roles = tuple(backend_roles)
    outcomes = tuple(_outcome(mapping, user, roles) for mapping in mappings)
    return MappingReplay(user, roles, outcomes)


def _outcome(mapping: RoleMapping, user: str | None, roles: tuple[str, ...]) -> RoleOutcome:
    reasons: list[str] = []
    misses: list[NearMiss] = []
    problems = [
        f"role '{mapping.role}': {problem}"
        for pattern in (*mapping.users, *mapping.backend_roles, *mapping.and_backend_roles)
        if (problem := regex_problem(pattern))
    ]

    def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
        # A regex stopped by its time limit counts as no match, and the result says so.
        try:
            return _matches(pattern, value, ignore_case=ignore_case)
        except PatternTooSlow as slow:
            said = f"role '{mapping.role}': {slow}"
            if said not in problems:
                problems.append(said)
            return False

    def _near_miss(role: str, field: str, pattern: str, value: str) -> NearMiss | None:
        return _near_miss_with(matches, role, field, pattern, value)

    if user is not None:
        for pattern in mapping.users:
            if matches(pattern, user):
                reasons.append(f"users pattern '{pattern}' matches the user '{user}'")
            elif miss := _near_miss(mapping.role, "users", pattern, user):
                misses.append(miss)
    for pattern in mapping.backend_roles:
        hits = [role for role in roles if matches(pattern, role)]
        if hits:
            reasons.append(
                f"backend_roles pattern '{pattern}' matches the backend role '{hits[0]}'"
            )
        else:
            misses.extend(
                miss
                for role in roles
                if (miss := _near_miss(mapping.role, "backend_roles", pattern, role))
            )
    if mapping.and_backend_roles:
        unmatched = [p for p in mapping.and_backend_roles if not any(matches(p, r) for r in roles)]
        if not unmatched:
            listed = ", ".join(f"'{p}'" for p in mapping.and_backend_roles)
            reasons.append(f"every and_backend_roles pattern ({listed}) matches a backend role")
        else:
            for pattern in unmatched:
                misses.extend(
                    miss
                    for role in roles
                    if (miss := _near_miss(mapping.role, "and_backend_roles", pattern, role))
                )
    return RoleOutcome(
        role=mapping.role,
        mapped=bool(reasons),
        reasons=tuple(reasons),
        near_misses=tuple(misses),
        hosts=mapping.hosts,
        pattern_problems=tuple(problems),
    )


def _near_miss_with(
    matches: Callable[..., bool], role: str, field: str, pattern: str, value: str
) -> NearMiss | None:
    if matches(pattern, value, ignore_case=True):
        return NearMiss(role, field, pattern, value, "case")
    stripped = value.strip()
    if stripped != value and matches(pattern, stripped, ignore_case=True):
        return NearMiss(role, field, pattern, value, "spaces")
    return None


def suggest_entry(replay: MappingReplay) -> str:
    """A `roles_mapping.yml` snippet that would map the user, preferring to fix a near miss.

    It never proposes a pattern or a size-limit marker as a value, and a backend_roles entry
    says in a comment that it grants the role to everyone with that backend role.
    """
    misses = [miss for miss in replay.near_misses() if not is_marker_role(miss.value)]
    if misses:
        miss = misses[0]
        field = "users" if miss.field == "users" else "backend_roles"
        return _snippet(miss.role, field, miss.value)
    roles = [role for role in replay.backend_roles if not is_marker_role(role)]
    if roles:
        note = (
            f"# grants {PLACEHOLDER_ROLE} to everyone whose token carries backend role "
            f"{json.dumps(roles[0])}, not only this user\n"
        )
        return note + _snippet(PLACEHOLDER_ROLE, "backend_roles", roles[0])
    if replay.user is not None and not is_marker_role(replay.user):
        return _snippet(PLACEHOLDER_ROLE, "users", replay.user)
    return ""


# Values that stand for "too many groups" rather than a group: Entra's overage pointers, the
# size-limit markers some IdPs (PingOne / PingFederate) put in place of a large membership.
_MARKER_WORDS = re.compile(r"overage|too[ _-]?(many|large|long)|limit|truncat", re.IGNORECASE)


def is_marker_role(value: str) -> bool:
    """True for a value never to map: a wildcard or pattern, a URL, or a size-limit marker."""
    text = value.strip()
    if not text or any(ch in text for ch in "*?") or (text.startswith("/") and text.endswith("/")):
        return True
    return "://" in text or _MARKER_WORDS.search(text) is not None


def _snippet(role: str, field: str, value: str) -> str:
    # json.dumps gives a double-quoted string that is also valid YAML, escapes included.
    return f"{role}:\n  {field}:\n    - {json.dumps(value)}\n"
