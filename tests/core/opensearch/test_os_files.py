"""Reading config.yml, roles_mapping.yml and opensearch_dashboards.yml, good and bad."""

from pathlib import Path

import pytest

from wizard.core.opensearch import (
    ConfigFileError,
    load_dashboards_config,
    load_roles_mapping,
    load_security_config,
    parse_dashboards_config,
    parse_roles_mapping,
    parse_security_config,
)
from wizard.core.vocab.yamlsafe import YamlLoadError

DATA = Path(__file__).parents[2] / "data" / "opensearch"


def test_seed_config_domains_in_order():
    config = load_security_config(DATA / "config_seed003.yml")
    assert [d.name for d in config.domains] == ["basic_internal_auth_domain", "openid_auth_domain"]
    basic, openid = config.domains
    assert (basic.authenticator, basic.order, basic.challenge, basic.backend) == (
        "basic",
        0,
        False,
        "intern",
    )
    assert openid.authenticator == "openid" and openid.backend == "noop"
    assert openid.settings["roles_key"] == "entitlement_group"
    assert config.openid_domain() is openid


def test_domains_are_sorted_by_order_not_file_order():
    config = parse_security_config(
        "config:\n  dynamic:\n    authc:\n"
        "      z_first: {order: 0, http_authenticator: {type: basic}}\n"
        "      a_second: {order: 5, http_authenticator: {type: openid}}\n"
        "      m_middle: {order: 2, http_authenticator: {type: jwt}}\n"
    )
    assert [d.name for d in config.domains] == ["z_first", "m_middle", "a_second"]


def test_challenge_defaults_to_true_and_remembers_it_was_unset():
    config = load_security_config(DATA / "config_basic_challenge.yml")
    basic = config.domains[0]
    assert basic.challenge is True and basic.challenge_set is False


@pytest.mark.parametrize(
    "text",
    [
        "config:\n  dynamic:\n    authc:\n      d: {http_authenticator: {type: openid}}\n",
        "dynamic:\n  authc:\n    d: {http_authenticator: {type: openid}}\n",
        "authc:\n  d: {http_authenticator: {type: openid}}\n",
        "opendistro_security:\n  dynamic:\n    authc:\n"
        "      d: {http_authenticator: {type: openid}}\n",
    ],
)
def test_accepted_layouts(text):
    assert parse_security_config(text).openid_domain().name == "d"


def test_old_enabled_key_is_read_as_http_enabled():
    config = parse_security_config(
        "authc:\n  d: {enabled: false, http_authenticator: {type: openid}}\n"
    )
    assert config.domains[0].http_enabled is False


def test_list_where_a_mapping_belongs_names_the_key_path():
    with pytest.raises(ConfigFileError) as caught:
        load_security_config(DATA / "list_instead_of_mapping.yml")
    message = caught.value.message
    assert "list_instead_of_mapping.yml: config.dynamic.authc: expected a mapping" in message
    assert "found a list" in message


def test_missing_authc_section():
    with pytest.raises(ConfigFileError, match=r"config\.dynamic\.authc: missing"):
        load_security_config(DATA / "no_authc.yml")


def test_unrelated_file_counts_its_keys_and_never_names_them():
    with pytest.raises(ConfigFileError, match="none of its 2 top-level keys") as raised:
        parse_security_config("foo: 1\nsecret-key-name: 2\n", "some.yml")
    assert "secret-key-name" not in str(raised.value)


def test_bad_order_and_challenge_values():
    with pytest.raises(ConfigFileError, match=r"authc\.d\.order: expected a whole number"):
        parse_security_config("authc:\n  d: {order: first}\n")
    with pytest.raises(
        ConfigFileError, match=r"http_authenticator\.challenge: expected true or false"
    ):
        parse_security_config("authc:\n  d: {http_authenticator: {challenge: maybe}}\n")


def test_malformed_yaml_reports_line_and_column():
    with pytest.raises(YamlLoadError, match=r"malformed\.yml: line 6, column \d+"):
        load_security_config(DATA / "malformed.yml")


def test_billion_laughs_file_is_refused():
    with pytest.raises(YamlLoadError, match="alias bomb"):
        load_security_config(DATA / "billion_laughs.yml")


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ConfigFileError, match="no such file"):
        load_security_config(tmp_path / "absent.yml")
    with pytest.raises(ConfigFileError, match="is a folder"):
        load_roles_mapping(tmp_path)


def test_huge_file_on_disk_is_refused(tmp_path):
    huge = tmp_path / "config.yml"
    huge.write_text("# padding\n" * 120_000)
    with pytest.raises(YamlLoadError, match="1 MiB"):
        load_security_config(huge)


def test_non_utf8_file(tmp_path):
    bad = tmp_path / "config.yml"
    bad.write_bytes(b"authc: \xff\xfe\n")
    with pytest.raises(ConfigFileError, match="not UTF-8"):
        load_security_config(bad)


def test_roles_mapping_skips_meta_and_reads_lists():
    mapping = load_roles_mapping(DATA / "roles_mapping_seed003.yml")
    assert [m.role for m in mapping.mappings] == ["all_access", "readall", "kibana_user"]
    assert mapping.get("readall").users == ("userid",)
    assert mapping.get("all_access").backend_roles == ("admin",)
    assert mapping.get("kibana_user").hosts == ("10.0.0.*",)
    assert mapping.get("all_access").reserved is False


def test_roles_mapping_lone_string_and_empty_entry():
    mapping = parse_roles_mapping("a:\n  users: alice\nb:\n")
    assert mapping.get("a").users == ("alice",)
    assert mapping.get("b").users == ()


def test_roles_mapping_wrong_shapes():
    with pytest.raises(
        ConfigFileError, match=r"readall\.users\[0\]: expected a string, found a mapping"
    ):
        parse_roles_mapping("readall:\n  users:\n    - {name: alice}\n")
    with pytest.raises(
        ConfigFileError, match=r"readall\.backend_roles: expected a list of strings"
    ):
        parse_roles_mapping("readall:\n  backend_roles: {a: 1}\n")
    with pytest.raises(ConfigFileError, match="roles_mapping.yml: expected a mapping"):
        parse_roles_mapping("- readall\n")


def test_dashboards_flat_keys():
    dashboards = load_dashboards_config(DATA / "opensearch_dashboards_seed003.yml")
    assert dashboards.openid("connect_url") == (
        "https://idp.example.test/.well-known/openid-configuration"
    )
    assert dashboards.openid("base_redirect_url") == "https://localhost:5601/"
    assert dashboards.openid("trust_dynamic_headers") is True
    assert dashboards.auth_types() == ("basicauth", "openid")


def test_dashboards_nested_keys_are_flattened():
    dashboards = load_dashboards_config(DATA / "opensearch_dashboards_nested.yml")
    assert dashboards.openid("client_id") == "dashboards"
    assert dashboards.auth_types() == ("openid",)


def test_dashboards_flat_and_nested_clash_is_noted():
    dashboards = parse_dashboards_config(
        "opensearch_security.openid.scope: openid\n"
        "opensearch_security:\n  openid:\n    scope: email\n"
    )
    assert dashboards.openid("scope") == "email"
    assert any("set twice" in warning for warning in dashboards.warnings)
