"""Role-mapping pattern rules: `*`, /regex/, globs, exact and case-sensitive."""

from fnmatch import fnmatchcase

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.opensearch.patterns import PatternKind, matches, pattern_kind, regex_problem


@pytest.mark.parametrize(
    ("pattern", "kind"),
    [
        ("*", PatternKind.ALL),
        ("/adm.*/", PatternKind.REGEX),
        ("svc-*", PatternKind.GLOB),
        ("dash?board", PatternKind.GLOB),
        ("userid", PatternKind.EXACT),
        ("/", PatternKind.EXACT),
        ("a.b", PatternKind.EXACT),
    ],
)
def test_pattern_kind(pattern, kind):
    assert pattern_kind(pattern) is kind


@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [
        # `*` alone matches everything, even the empty string
        ("*", "USERID", True),
        ("*", "", True),
        # exact and case-sensitive
        ("userid", "userid", True),
        ("userid", "USERID", False),
        ("userid", "userid ", False),
        ("a.b", "axb", False),  # a dot is literal outside /regex/
        # globs: * any run, ? exactly one, whole string
        ("svc-*", "svc-logstash", True),
        ("svc-*", "svc-", True),
        ("svc-*", "my-svc-x", False),
        ("svc-*", "SVC-x", False),
        ("dash?board", "dash-board", True),
        ("dash?board", "dashboard", False),
        ("*admin*", "opensearch-admins", True),
        ("a+b*", "a+bc", True),  # regex characters in a glob are literal
        ("a+b*", "aab", False),
        # /regex/ must match the whole string
        ("/team-(red|blue)/", "team-red", True),
        ("/team-(red|blue)/", "my-team-red", False),
        ("/team-(red|blue)/", "team-redder", False),
        ("/team-(red|blue)/", "TEAM-RED", False),
        ("/.*/", "", True),
        ("/[/", "[", False),  # a broken regex matches nothing
    ],
)
def test_matches(pattern, value, expected):
    assert matches(pattern, value) is expected


def test_ignore_case_is_only_for_hints():
    assert matches("userid", "USERID", ignore_case=True)
    assert matches("svc-*", "SVC-x", ignore_case=True)
    assert matches("/team-red/", "TEAM-RED", ignore_case=True)


def test_regex_problem():
    assert regex_problem("/[/") is not None and "does not compile" in regex_problem("/[/")
    assert regex_problem("/ok/") is None
    assert regex_problem("plain") is None


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.text(alphabet="abAB*?.-", max_size=8), value=st.text(alphabet="abAB.-", max_size=8)
)
def test_globs_agree_with_shell_matching(pattern, value):
    # Without brackets, shell-style case-sensitive matching follows the same glob rules.
    assert matches(pattern, value) is fnmatchcase(value, pattern)


def test_public_api_is_complete():
    import inspect

    import wizard.core.opensearch as package

    public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert set(package.__all__) == public
