"""The shared safe YAML reader: safe tags only, size cap, alias bombs, precise errors."""

from pathlib import Path

import pytest

from wizard.core.vocab.errors import UserError
from wizard.core.vocab.yamlsafe import MAX_YAML_BYTES, YamlLoadError, describe_type, load_yaml

DATA = Path(__file__).parents[2] / "data" / "opensearch"


def test_plain_document_loads_without_warnings():
    data, warnings = load_yaml("a: 1\nb: [x, y]\nc: {d: true}\n", "plain.yml")
    assert data == {"a": 1, "b": ["x", "y"], "c": {"d": True}}
    assert warnings == []


def test_empty_document_is_none():
    assert load_yaml("", "empty.yml") == (None, [])
    assert load_yaml("# only a comment\n", "empty.yml") == (None, [])


def test_python_tags_are_refused_not_executed():
    with pytest.raises(YamlLoadError) as caught:
        load_yaml("x: !!python/object/apply:os.system ['echo hi']\n", "evil.yml")
    assert "evil.yml: line 1" in caught.value.message
    assert "python/object/apply" in caught.value.message


def test_error_is_a_user_error_with_line_and_column():
    with pytest.raises(UserError) as caught:
        load_yaml((DATA / "malformed.yml").read_text(), "malformed.yml")
    error = caught.value
    assert isinstance(error, YamlLoadError)
    assert error.source == "malformed.yml"
    assert error.line == 6 and error.column is not None
    assert error.message.startswith("malformed.yml: line 6, column ")


def test_more_than_one_document_is_refused():
    with pytest.raises(YamlLoadError, match="single document"):
        load_yaml("a: 1\n---\nb: 2\n", "two.yml")


def test_file_over_one_mebibyte_is_refused_before_parsing():
    line = "key_%07d: some value that pads the line out\n"
    text = "".join(line % index for index in range(MAX_YAML_BYTES // len(line % 0) + 10))
    assert len(text.encode()) > MAX_YAML_BYTES
    with pytest.raises(YamlLoadError, match=r"over 1,048,576 bytes \(1 MiB\)"):
        load_yaml(text, "huge.yml")


def test_file_just_under_the_cap_is_read():
    text = "k: " + "x" * (MAX_YAML_BYTES - 10) + "\n"
    data, _ = load_yaml(text, "big.yml")
    assert isinstance(data, dict)


def test_billion_laughs_is_refused():
    with pytest.raises(YamlLoadError, match="billion laughs") as caught:
        load_yaml((DATA / "billion_laughs.yml").read_text(), "billion_laughs.yml")
    assert caught.value.line is not None


def test_modest_aliases_are_fine():
    text = "base: &base {a: 1, b: 2}\none: *base\ntwo:\n  <<: *base\n  c: 3\n"
    data, warnings = load_yaml(text, "aliases.yml")
    assert data["one"] == {"a": 1, "b": 2}
    assert data["two"] == {"a": 1, "b": 2, "c": 3}
    assert warnings == []


def test_recursive_alias_is_refused():
    with pytest.raises(YamlLoadError, match="recursive"):
        load_yaml("a: &x [1, *x]\n", "loop.yml")


def test_duplicate_keys_are_warned_with_both_lines():
    data, warnings = load_yaml("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n", "dup.yml")
    assert data == {"a": 3, "b": {"c": 2}}
    assert warnings == [
        "dup.yml: line 4: key 'c' is given a second time (first on line 3); only the last one is "
        "kept, and other YAML readers may refuse the file",
        "dup.yml: line 5: key 'a' is given a second time (first on line 1); only the last one is "
        "kept, and other YAML readers may refuse the file",
    ]


def test_bad_characters_are_reported():
    with pytest.raises(YamlLoadError, match="not valid YAML"):
        load_yaml("a: \x07\n", "bell.yml")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (None, "nothing (null)"),
        ({}, "a mapping"),
        ([], "a list"),
        (True, "a boolean (true)"),
        (3, "a number"),  # never the value: it may be a secret of any file
        ("x-secret", "a string"),
    ],
)
def test_describe_type(value, words):
    assert describe_type(value) == words
