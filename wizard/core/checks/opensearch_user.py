"""OpenSearch checks of the user: the user name and backend roles the ID token gives, and the
roles roles_mapping.yml maps them to, replayed offline with the security plugin's rules
(docs/FLOWS.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wizard.core.checks._opensearch import (
    CONFIG_HELP,
    DASHBOARDS_HELP,
    DOCS_MAPPING,
    DOCS_OIDC,
    DOCS_TROUBLESHOOT,
    ID_TOKEN_HELP,
    MAPPING_HELP,
    NESTED_ROLES_PR,
    NESTED_SUBJECT_ISSUE,
    TOKEN_HELP,
    VERSION_HELP,
    load_input,
    openid_domain,
    token_claims,
    which_token,
)
from wizard.core.checks.context import CheckContext
from wizard.core.checks.registry import check
from wizard.core.vocab.result import CheckResult

if TYPE_CHECKING:
    from wizard.core.opensearch.dashboards import DashboardsConfig
    from wizard.core.opensearch.security_config import SecurityConfig


@check(
    "opensearch.subject",
    title="OpenSearch user name from the token",
    inputs={
        "opensearch_config": CONFIG_HELP,
        "id_token": ID_TOKEN_HELP,
        "token": TOKEN_HELP,
        "opensearch_version": VERSION_HELP,
    },
    requires=("opensearch_config",),
    learns=("opensearch_user",),
)
async def check_subject(ctx: CheckContext) -> CheckResult:
    """subject_key resolves to a string in the ID token: that is the user name."""
    from wizard.core.opensearch.claims import parse_version, resolve_subject
    from wizard.core.opensearch.security_config import load_security_config

    config: SecurityConfig = load_input(ctx, "opensearch_config", load_security_config)
    domain = openid_domain(ctx, config)
    claims, used = token_claims(ctx, needed=True)
    assert claims is not None
    version = parse_version(ctx.get("opensearch_version"))
    resolution = resolve_subject(claims, domain.settings.get("subject_key"), version)
    how = f"subject_key '{resolution.key}'" if resolution.configured else "no subject_key, so 'sub'"
    evidence = {"subject_key": resolution.key, "token_input": used, "user": resolution.user}
    if resolution.user is None:
        said = (
            f'the plugin logs "{resolution.problem}"' if resolution.logged else resolution.problem
        )
        usable = [
            k
            for k in ("sub", "preferred_username", "email", "upn")
            if isinstance(claims.get(k), str)
        ]
        return ctx.failed(
            f"With {how}, the {used} gives no user name: {said} and this domain does not "
            "authenticate the user (401).",
            evidence=evidence,
            fix=f"Set subject_key in '{domain.name}' to a claim the ID token has"
            + (f" ({', '.join(usable)})" if usable else "")
            + ", or have the IdP add the claim to the ID token.",
            refs=(DOCS_OIDC, DOCS_TROUBLESHOOT, NESTED_SUBJECT_ISSUE),
        )
    detail = (
        f"With {how}, the user name is '{resolution.user}' (from the {used}).{which_token(used)}"
    )
    if resolution.user != resolution.user.lower():
        detail += " Role mapping compares it case-sensitively, letter for letter."
    facts = {"opensearch_user": resolution.user}
    if resolution.note:
        return ctx.warned(
            f"{detail} Note: {resolution.note}.",
            evidence=evidence,
            fix="Point subject_key at a claim whose value is a string (a nested path written as "
            "a list needs OpenSearch 3.2+; give opensearch_version to check it).",
            refs=(DOCS_OIDC,),
            facts=facts,
        )
    return ctx.passed(detail, evidence=evidence, refs=(DOCS_OIDC,), facts=facts)


@check(
    "opensearch.roles",
    title="OpenSearch backend roles from the token",
    inputs={
        "opensearch_config": CONFIG_HELP,
        "id_token": ID_TOKEN_HELP,
        "token": TOKEN_HELP,
        "opensearch_version": VERSION_HELP,
        "dashboards_config": DASHBOARDS_HELP,
    },
    requires=("opensearch_config",),
    learns=("opensearch_roles",),
    cpu_bound=True,  # parses the security config the user named
)
async def check_roles(ctx: CheckContext) -> CheckResult:
    """roles_key resolves in the ID token to the backend roles, with the plugin's rules."""
    from wizard.core.opensearch.claims import format_version, parse_version, resolve_roles
    from wizard.core.opensearch.dashboards import load_dashboards_config
    from wizard.core.opensearch.security_config import load_security_config

    config: SecurityConfig = load_input(ctx, "opensearch_config", load_security_config)
    dashboards: DashboardsConfig | None = load_input(
        ctx, "dashboards_config", load_dashboards_config
    )
    domain = openid_domain(ctx, config)
    claims, used = token_claims(ctx, needed=True)
    assert claims is not None
    version = parse_version(ctx.get("opensearch_version"))
    resolution = resolve_roles(claims, domain.settings.get("roles_key"), version)
    evidence: dict[str, Any] = {
        "roles_key": resolution.key_text,
        "token_input": used,
        "opensearch_version": format_version(version) if version else None,
        "backend_roles": list(resolution.roles),
    }
    refs = (DOCS_OIDC, DOCS_TROUBLESHOOT, NESTED_ROLES_PR)
    if resolution.key_text is None:
        return ctx.warned(
            f"'{domain.name}' sets no roles_key, so users get no backend roles from the token; "
            "only users entries in roles_mapping.yml can map them.",
            evidence=evidence,
            fix="Set roles_key to the claim that carries the user's groups or roles, or map users "
            "by name in roles_mapping.yml.",
            refs=refs,
            facts={"opensearch_roles": ""},
        )
    if resolution.problem:
        said = (
            f'The plugin logs: "{resolution.plugin_warning}" ' if resolution.plugin_warning else ""
        )
        hints = " ".join(f"Hint: {hint}." for hint in resolution.hints)
        scope = dashboards.openid("scope") if dashboards is not None else None
        scope_words = (
            f' Dashboards asks for the scope "{scope}": the IdP must release the claim for it '
            "into the ID token itself."
            if scope
            else ""
        )
        return ctx.failed(
            f"roles_key {resolution.key_text}: {resolution.problem} (read from the {used}). "
            f"{said}The user gets no backend roles; the login can still succeed and then end "
            f"in 403 unless a users entry maps the user. {hints}".strip(),
            evidence=evidence,
            fix="Have the IdP put the roles claim into the ID token: Dashboards forwards the ID "
            f"token, not the access token or userinfo.{scope_words} Or set roles_key to a claim "
            "the token has. If the roles cannot be had, map the user by name (users: [...]) in "
            "roles_mapping.yml.",
            refs=refs,
            facts={"opensearch_roles": ""},
        )
    shown = ", ".join(f"'{role}'" for role in resolution.roles) or "none (an empty value)"
    detail = (
        f"roles_key {resolution.key_text} gives the backend roles {shown} (from the {used})."
        f"{which_token(used)}"
    )
    facts = {"opensearch_roles": ",".join(resolution.roles)}
    if resolution.notes or not resolution.roles:
        notes = " ".join(f"Note: {note}." for note in resolution.notes)
        return ctx.warned(
            f"{detail} {notes}".strip(),
            evidence=evidence,
            fix="Send the roles as a JSON list of exact names, or fix the patterns to match them.",
            refs=refs,
            facts=facts,
        )
    return ctx.passed(detail, evidence=evidence, refs=refs, facts=facts)


def _user_and_roles(ctx: CheckContext) -> tuple[str | None, tuple[str, ...], str]:
    """The user name and backend roles: from config.yml and the token, else from session facts."""
    from wizard.core.opensearch.claims import parse_version, resolve_roles, resolve_subject
    from wizard.core.opensearch.security_config import load_security_config

    config: SecurityConfig | None = load_input(ctx, "opensearch_config", load_security_config)
    claims, used = token_claims(ctx, needed=False)
    if config is not None and claims is not None:
        domain = openid_domain(ctx, config)
        version = parse_version(ctx.get("opensearch_version"))
        subject = resolve_subject(claims, domain.settings.get("subject_key"), version)
        roles = resolve_roles(claims, domain.settings.get("roles_key"), version)
        if subject.user is None:
            ctx.stop_skipped(
                f"Not run: the {used} gives no user name ({subject.problem}), so the login "
                "fails before roles are mapped; see the “OpenSearch user name from the "
                "token” card."
            )
        return subject.user, roles.roles, f"the {used} and {config.source}"
    user = ctx.get("opensearch_user")
    roles_fact = ctx.inputs.get("opensearch_roles") or ""
    if user is None and not roles_fact:
        ctx.stop_skipped(
            "Not run: it needs the user name and backend roles: give OpenSearch's config.yml "
            "and the ID token Dashboards forwards."
        )
    return user, tuple(roles_fact.split(",")) if roles_fact else (), "the session's facts"


@check(
    "opensearch.role_mapping",
    title="OpenSearch role mapping for the user",
    inputs={
        "roles_mapping": MAPPING_HELP,
        "opensearch_config": CONFIG_HELP,
        "id_token": ID_TOKEN_HELP,
        "token": TOKEN_HELP,
        "opensearch_version": VERSION_HELP,
        "opensearch_user": "the user name OpenSearch resolved from the token",
        "opensearch_roles": "the backend roles OpenSearch read from the token",
        "token_user": "the user name OpenSearch resolved from the token, when opensearch_user "
        "is a name given by hand: the two are compared",
    },
    requires=("roles_mapping",),
    learns=("mapped_user_case", "given_user_differs", "mapped_user"),
    cpu_bound=True,  # every mapping's patterns are matched against the user and roles
)
async def check_role_mapping(ctx: CheckContext) -> CheckResult:
    """Replay roles_mapping.yml for the user: which roles map, and what entry would."""
    from wizard.core.opensearch.mapping import PLACEHOLDER_ROLE, replay_mapping, suggest_entry
    from wizard.core.opensearch.roles_mapping import load_roles_mapping
    from wizard.core.opensearch.user_names import compare_given_user, user_name_facts

    mapping_file = load_input(ctx, "roles_mapping", load_roles_mapping)
    user, backend_roles, origin = _user_and_roles(ctx)
    replay = replay_mapping(mapping_file.mappings, user, backend_roles)
    roles_words = ", ".join(f"'{r}'" for r in backend_roles)
    with_roles = f"with backend roles {roles_words}" if backend_roles else "with no backend roles"
    who = f"user '{user}' {with_roles} (from {origin})"
    misses = [miss.explain() for miss in replay.near_misses()]
    evidence: dict[str, Any] = {
        "user": user,
        "backend_roles": list(backend_roles),
        "mapped_roles": {o.role: list(o.reasons) for o in replay.mapped()},
        "near_misses": misses,
        "hosts_not_evaluated": {o.role: list(o.hosts) for o in replay.outcomes if o.hosts},
    }
    facts = user_name_facts(replay.near_misses())
    extra_notes = list(mapping_file.warnings) + list(replay.pattern_problems())
    compared = compare_given_user(user, ctx.get("token_user"))
    if compared is not None:
        extra_notes.append(compared[0])
        facts["given_user_differs"] = compared[1]
        evidence["token_user"] = ctx.get("token_user")
    hosts = [f"'{o.role}' ({', '.join(o.hosts)})" for o in replay.host_only()]
    if hosts:
        extra_notes.append("hosts entries were not evaluated: " + ", ".join(hosts))
    refs = (DOCS_MAPPING, DOCS_OIDC)
    mapped = replay.mapped()
    if mapped:
        if user and any(r.startswith("users pattern") for o in mapped for r in o.reasons):
            facts["mapped_user"] = user  # the name a users entry of the file maps
        reasons = "; ".join(f"'{o.role}' ({o.reasons[0]})" for o in mapped)
        detail = f"In {mapping_file.source}, {who} maps to: {reasons}."
        notes = " ".join(f"Note: {note}." for note in extra_notes)
        return ctx.passed(f"{detail} {notes}".strip(), evidence=evidence, refs=refs, facts=facts)
    snippet = suggest_entry(replay)
    evidence["suggested_entry"] = snippet
    case_words = " ".join(f"Case hint: {miss}." for miss in misses)
    notes = " ".join(f"Note: {note}." for note in extra_notes)
    placeholder = (
        f" (replace {PLACEHOLDER_ROLE} with the role to grant)"
        if PLACEHOLDER_ROLE in snippet
        else ""
    )
    return ctx.failed(
        f"No role in {mapping_file.source} maps {who}. The login itself succeeds, then every "
        f'request is refused with 403 "no permissions for [...] and User [name={user}, '
        f'backend_roles=[{", ".join(backend_roles)}] ...]", not a 401. '
        f"{case_words} {notes}".strip(),
        evidence=evidence,
        # The entry comes last, on lines of its own: a transcript shows it as written.
        fix="Internal users are not needed for OIDC users: the IdP is the user store, and "
        f"roles_mapping.yml maps its users and backend roles. Add this to {mapping_file.source}"
        f"{placeholder} and apply it with securityadmin.sh or the security REST API:\n{snippet}",
        refs=refs,
        facts=facts,
    )
