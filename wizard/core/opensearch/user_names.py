"""A user name for roles_mapping.yml, held against the token's user and the names in the file.

OpenSearch compares user names exactly, so a name that differs only in letter case is the
commonest reason an OIDC user maps to no role (seed 003). The wizard finds that difference
itself when the file writes the user with other case, and names it when a person types a name.
"""

from __future__ import annotations

from collections.abc import Sequence

from wizard.core.opensearch.mapping import NearMiss


def user_name_facts(misses: Sequence[NearMiss]) -> dict[str, str]:
    """The user name the file writes for this user with other letter case, when it does."""
    for miss in misses:
        if miss.field == "users" and miss.why == "case":
            return {"mapped_user_case": miss.pattern}
    return {}


def compare_given_user(given: str | None, token_user: str | None) -> tuple[str, str] | None:
    """A name typed for roles_mapping.yml against the token's user: (sentence, 'case'|'name')."""
    if not given or not token_user or given == token_user:
        return None
    if given.casefold() == token_user.casefold():
        return (
            f"the name given, '{given}', differs from the token's user '{token_user}' only in "
            "letter case; OpenSearch compares user names exactly, case included",
            "case",
        )
    return (
        f"the name given, '{given}', is not the token's user '{token_user}'; OpenSearch maps "
        "the token's user, so an entry for another name does not apply",
        "name",
    )
