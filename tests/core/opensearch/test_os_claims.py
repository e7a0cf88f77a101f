"""Subject and roles extraction replayed with the plugin's rules."""

import pytest

from wizard.core.opensearch.claims import (
    java_split_commas,
    parse_version,
    resolve_roles,
    resolve_subject,
    roles_warning,
    subject_warning,
)

PLUGIN_ROLES_WARNING = (
    "Failed to get roles from JWT claims with roles_key 'entitlement_group'. Check if this key "
    "is correct and available in the JWT payload."
)


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("2.6.0", (2, 6, 0)),
        ("3.1", (3, 1, 0)),
        ("v2", (2, 0, 0)),
        ("2.11.1-SNAPSHOT", (2, 11, 1)),
        ("", None),
        (None, None),
        ("latest", None),
    ],
)
def test_parse_version(text, version):
    assert parse_version(text) == version


def test_plugin_messages_word_for_word():
    assert roles_warning("entitlement_group") == PLUGIN_ROLES_WARNING
    assert subject_warning("email") == (
        "Failed to get subject from JWT claims, check if subject_key 'email' is correct."
    )


class TestSubject:
    def test_default_is_sub(self):
        resolution = resolve_subject({"sub": "USERID"}, None)
        assert (resolution.key, resolution.configured, resolution.user) == ("sub", False, "USERID")

    def test_configured_key(self):
        assert resolve_subject({"sub": "1", "email": "a@b.test"}, "email").user == "a@b.test"

    def test_configured_key_missing_gives_plugin_warning(self):
        resolution = resolve_subject({"sub": "1"}, "preferred_username")
        assert resolution.user is None
        assert resolution.problem == subject_warning("preferred_username")

    def test_no_sub_without_subject_key(self):
        assert resolve_subject({}, None).problem == "No subject found in JWT token"

    def test_non_string_is_converted_with_a_note(self):
        resolution = resolve_subject({"uid": 12345}, "uid")
        assert resolution.user == "12345" and "not a string" in resolution.note

    def test_dotted_subject_key_is_literal(self):
        assert resolve_subject({"a": {"b": "x"}}, "a.b").user is None
        assert resolve_subject({"a.b": "x"}, "a.b").user == "x"


class TestRoles:
    def test_no_roles_key(self):
        resolution = resolve_roles({"roles": ["a"]}, None, None)
        assert resolution.key_text is None and resolution.roles == () and resolution.problem is None

    def test_top_level_list(self):
        resolution = resolve_roles({"groups": ["admin", "dev"]}, "groups", (2, 6, 0))
        assert resolution.found and resolution.roles == ("admin", "dev")
        assert resolution.notes == ()

    def test_missing_claim_gives_the_plugin_warning(self):
        resolution = resolve_roles({"sub": "USERID"}, "entitlement_group", (2, 6, 0))
        assert not resolution.found and resolution.roles == ()
        assert resolution.plugin_warning == PLUGIN_ROLES_WARNING
        assert "no claim 'entitlement_group'" in resolution.problem

    def test_missing_claim_hints_at_look_alikes(self):
        resolution = resolve_roles({"Roles": ["a"], "groups": ["b"]}, "roles", None)
        assert any("'Roles'" in hint and "case-sensitive" in hint for hint in resolution.hints)
        assert any("Roles, groups" in hint for hint in resolution.hints)

    def test_string_is_split_on_commas_without_trimming(self):
        resolution = resolve_roles({"roles": "a, b,c"}, "roles", (2, 6, 0))
        assert resolution.roles == ("a", " b", "c")
        assert any("' b'" in note and "not trimmed" in note for note in resolution.notes)

    def test_single_string_role(self):
        assert resolve_roles({"roles": "admin"}, "roles", None).roles == ("admin",)

    def test_list_items_are_not_split(self):
        assert resolve_roles({"roles": ["a,b", "c"]}, "roles", None).roles == ("a,b", "c")

    def test_non_string_value_uses_its_text_form(self):
        resolution = resolve_roles({"level": 7}, "level", None)
        assert resolution.roles == ("7",)
        assert any("not a string or a list" in note for note in resolution.notes)

    def test_dotted_string_is_one_literal_claim(self):
        claims = {"realm_access": {"roles": ["admin"]}}
        resolution = resolve_roles(claims, "realm_access.roles", (3, 1, 0))
        assert not resolution.found
        assert resolution.plugin_warning == roles_warning("realm_access.roles")
        assert any("[realm_access, roles]" in hint for hint in resolution.hints)
        literal = resolve_roles({"realm_access.roles": ["x"]}, "realm_access.roles", (3, 1, 0))
        assert literal.roles == ("x",)

    def test_nested_list_from_3_1(self):
        claims = {"realm_access": {"roles": ["admin", "dev"]}}
        resolution = resolve_roles(claims, ["realm_access", "roles"], (3, 1, 0))
        assert (
            resolution.roles == ("admin", "dev") and resolution.key_text == "[realm_access, roles]"
        )
        assert resolution.notes == ()

    def test_nested_list_before_3_1_is_refused(self):
        claims = {"realm_access": {"roles": ["admin"]}}
        resolution = resolve_roles(claims, ["realm_access", "roles"], (2, 19, 0))
        assert resolution.roles == () and "3.1.0" in resolution.problem
        assert "2.19.0" in resolution.problem

    def test_nested_list_without_version_assumes_3_1_and_says_so(self):
        claims = {"realm_access": {"roles": ["admin"]}}
        resolution = resolve_roles(claims, ["realm_access", "roles"], None)
        assert resolution.roles == ("admin",)
        assert any("3.1+ was assumed" in note for note in resolution.notes)

    def test_nested_list_missing_step(self):
        resolution = resolve_roles({"realm_access": {}}, ["realm_access", "roles"], (3, 1, 0))
        assert resolution.plugin_warning == roles_warning("[realm_access, roles]")


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a,b", ["a", "b"]),
        ("a,b,", ["a", "b"]),
        (",a", ["", "a"]),
        ("", [""]),
        ("a,,b", ["a", "", "b"]),
    ],
)
def test_java_split(text, parts):
    assert java_split_commas(text) == parts


class TestNestedSubject:
    CLAIMS = {"sub": "1", "context": {"user": {"name": "alice"}}}

    def test_list_from_3_2(self):
        resolution = resolve_subject(self.CLAIMS, ["context", "user", "name"], (3, 2, 0))
        assert resolution.user == "alice" and resolution.note is None
        assert resolution.key == "[context, user, name]"

    def test_list_before_3_2_is_refused(self):
        resolution = resolve_subject(self.CLAIMS, ["context", "user", "name"], (3, 1, 0))
        assert resolution.user is None and "3.2.0" in resolution.problem
        assert resolution.logged is False

    def test_list_without_version_is_assumed_and_said(self):
        resolution = resolve_subject(self.CLAIMS, ["context", "user", "name"], None)
        assert resolution.user == "alice" and "assumed" in resolution.note

    def test_list_path_missing_gives_plugin_warning(self):
        resolution = resolve_subject(self.CLAIMS, ["context", "name"], (3, 2, 0))
        assert resolution.problem == subject_warning("[context, name]") and resolution.logged


def test_nested_subject_broken_path_uses_the_plugins_other_wording():
    resolution = resolve_subject({"context": "flat"}, ["context", "user"], (3, 2, 0))
    assert resolution.problem == (
        "Failed to get subject from JWT claims with subject_key '[context, user]'."
    )
