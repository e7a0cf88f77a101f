"""Replaying roles_mapping.yml: users, backend_roles, and_backend_roles, hosts, suggestions."""

from pathlib import Path

import yaml

from wizard.core.opensearch import (
    load_roles_mapping,
    parse_roles_mapping,
    replay_mapping,
    suggest_entry,
)
from wizard.core.opensearch.mapping import PLACEHOLDER_ROLE

DATA = Path(__file__).parents[2] / "data" / "opensearch"
BACKEND = load_roles_mapping(DATA / "roles_mapping_backend.yml").mappings


def mapped(user, roles, mappings=BACKEND):
    return sorted(outcome.role for outcome in replay_mapping(mappings, user, roles).mapped())


def test_exact_backend_role():
    assert mapped("alice", ["opensearch-admins"]) == ["all_access"]


def test_backend_roles_are_case_sensitive():
    assert mapped("alice", ["OpenSearch-Admins"]) == []


def test_regex_backend_role_and_glob_user():
    assert mapped("alice", ["team-blue"]) == ["readall"]
    assert mapped("svc-logstash", []) == ["readall"]
    assert mapped("alice", ["team-green"]) == []


def test_question_mark_glob():
    assert mapped("alice", ["dash-board"]) == ["kibana_user"]


def test_and_backend_roles_need_every_pattern():
    assert mapped("alice", ["security"]) == []
    assert mapped("alice", ["admin-eu"]) == []
    assert mapped("alice", ["security", "admin-eu"]) == ["security_manager"]


def test_star_alone_maps_every_user():
    mappings = parse_roles_mapping("readall:\n  users: ['*']\n").mappings
    assert mapped("anyone", [], mappings) == ["readall"]


def test_hosts_are_reported_not_evaluated():
    mappings = load_roles_mapping(DATA / "roles_mapping_seed003.yml").mappings
    replay = replay_mapping(mappings, "someone", [])
    assert [o.role for o in replay.host_only()] == ["kibana_user"]
    assert replay.mapped() == ()


def test_untrimmed_role_misses_and_is_explained():
    replay = replay_mapping(BACKEND, "alice", [" opensearch-admins"])
    assert replay.mapped() == ()
    (miss,) = replay.near_misses()
    assert miss.why == "spaces" and miss.role == "all_access"
    assert "surrounding spaces" in miss.explain()


def test_seed_case_hint_and_suggestion():
    mappings = load_roles_mapping(DATA / "roles_mapping_seed003.yml").mappings
    replay = replay_mapping(mappings, "USERID", [])
    assert replay.mapped() == ()
    (miss,) = replay.near_misses()
    assert (miss.role, miss.field, miss.pattern, miss.value, miss.why) == (
        "readall",
        "users",
        "userid",
        "USERID",
        "case",
    )
    snippet = suggest_entry(replay)
    assert yaml.safe_load(snippet) == {"readall": {"users": ["USERID"]}}
    # the suggestion really maps once added
    fixed = parse_roles_mapping(snippet).mappings
    assert mapped("USERID", [], fixed) == ["readall"]


def test_suggestion_for_a_backend_role_without_near_miss():
    replay = replay_mapping(BACKEND, "bob", ["ops"])
    assert yaml.safe_load(suggest_entry(replay)) == {PLACEHOLDER_ROLE: {"backend_roles": ["ops"]}}


def test_suggestion_by_user_name_when_no_roles():
    replay = replay_mapping(BACKEND, 'we"ird', [])
    assert yaml.safe_load(suggest_entry(replay)) == {PLACEHOLDER_ROLE: {"users": ['we"ird']}}


def test_broken_regex_is_reported():
    mappings = parse_roles_mapping("readall:\n  backend_roles: ['/[/']\n").mappings
    replay = replay_mapping(mappings, "a", ["["])
    assert replay.mapped() == ()
    assert any("does not compile" in p for p in replay.pattern_problems())


def test_mapped_reasons_say_which_pattern():
    (outcome,) = replay_mapping(BACKEND, "alice", ["team-red"]).mapped()
    assert outcome.reasons == (
        "backend_roles pattern '/team-(red|blue)/' matches the backend role 'team-red'",
    )
