"""Attacks by size and time: files that never end, patterns that backtrack, NaN options.

Each input here once hung or crashed the wizard, or let it fail open; each must now end in a
clear sentence (exit 2 for a command), promptly, with nothing read past the bound.
"""

from __future__ import annotations

import functools
import json
import os
import re
import stat

import pytest
import yaml

from tests.security.conftest import assert_clean_exit, wizard_cli
from wizard.core.opensearch.mapping import replay_mapping
from wizard.core.opensearch.patterns import PatternTooSlow, glob_matches, matches
from wizard.core.opensearch.roles_mapping import RoleMapping
from wizard.core.vocab.userfiles import UserFileError, read_user_file

# --- files that are not files --------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.yml"
    os.mkfifo(path)
    return path


FILE_FLAGS = ["--token-file", "--roles-mapping", "--opensearch-config", "--dashboards-config"]


@pytest.mark.parametrize("flag", FILE_FLAGS + ["--ca-bundle", "--batch"])
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_wizard_check_refuses_what_is_not_a_regular_file(flag, kind, fifo, tmp_path):
    path = {"fifo": str(fifo), "dev-zero": "/dev/zero", "folder": str(tmp_path)}[kind]
    extra = [] if flag in ("--token-file", "--batch") else ["--issuer", "https://idp.example"]
    process = wizard_cli("check", "--offline", flag, path, *extra)
    assert_clean_exit(process)
    assert process.returncode == 2
    assert path in process.stderr
    assert "regular file" in process.stderr or "folder" in process.stderr


@pytest.mark.parametrize("command", [["flows", "lint"], ["run", "triage", "--answers"]])
def test_flow_and_answers_files_refuse_fifos_and_devices(command, fifo):
    for path in (str(fifo), "/dev/zero"):
        process = wizard_cli(*command, path)
        assert_clean_exit(process)
        assert process.returncode != 0
        assert "regular file" in process.stdout + process.stderr


def test_a_transcript_that_is_a_fifo_or_a_device_is_refused(fifo):
    for path in (str(fifo), "/dev/zero"):
        process = wizard_cli("replay", path)
        assert_clean_exit(process)
        assert process.returncode == 2


def test_read_user_file_stops_one_byte_past_the_limit(tmp_path):
    big = tmp_path / "big"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(UserFileError, match="at most 4,096"):
        read_user_file(big, limit=4096)
    assert read_user_file(big, limit=5000) == b"x" * 5000
    assert stat.S_ISREG(os.stat(big).st_mode)


# --- role patterns -----------------------------------------------------------------------------


def test_a_backtracking_glob_is_matched_in_linear_time():
    # Once a regex `.*-.*-.*x`: past 60 s on this name. The scan decides it at once.
    name = "a-" * 50_000
    assert not matches("*-*-*x", name)
    assert matches("*-*-*a-", name)


@pytest.mark.parametrize(
    "pattern, value, expected",
    [
        ("*", "", True),
        ("a*", "a", True),
        ("a?c", "abc", True),
        ("a?c", "ac", False),
        ("*admin*", "super-admin-1", True),
        ("*.example.com", "x.example.com", True),
        ("*.example.com", "example.com", False),
        ("??", "é1", True),
        ("a**b", "ab", True),
    ],
)
def test_globs_keep_the_plugins_meaning(pattern, value, expected):
    assert glob_matches(pattern, value) is expected


def test_a_catastrophic_regex_is_stopped_and_reported_not_decided():
    with pytest.raises(PatternTooSlow):
        matches("/(a|aa)+$/", "a" * 60 + "!")
    mapping = RoleMapping(role="admin", users=("/(a|aa)+$/",))
    outcome = replay_mapping([mapping], "a" * 60 + "!", []).outcomes[0]
    assert not outcome.mapped
    assert any("was stopped" in problem for problem in outcome.pattern_problems)


def test_a_regex_still_needs_a_full_match():
    assert matches("/adm.n/", "admin") and not matches("/adm/", "admin")


def test_the_tui_replay_of_a_hanging_mapping_ends(tmp_path):
    mapping = tmp_path / "roles_mapping.yml"
    mapping.write_text(
        yaml.safe_dump(
            {"_meta": {"type": "rolesmapping", "config_version": 2}, "r": {"users": ["*-*-*x"]}}
        )
    )
    config = tmp_path / "config.yml"
    config.write_text("_meta: {type: config, config_version: 2}\nconfig: {dynamic: {authc: {}}}\n")
    token = _token({"sub": "a-" * 20_000, "iss": "https://idp.example"})
    process = wizard_cli("check", "--offline", "--json", "--roles-mapping", str(mapping), token)
    assert_clean_exit(process)
    assert json.loads(process.stdout)["results"]


def _token(claims: dict) -> str:
    import jwt

    return jwt.encode(claims, "k" * 32, algorithm="HS256")


# --- option values -------------------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--timeout", "--skew"])
@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e400", "-1", "1e12"])
def test_non_finite_or_absurd_seconds_are_refused(flag, value):
    process = wizard_cli("check", "--offline", "--issuer", "https://idp.example", flag, value)
    assert_clean_exit(process)
    assert process.returncode == 2
    assert flag in process.stderr


def test_skew_nan_cannot_make_an_expired_token_pass():
    # The fail-open this guards: NaN compares false, so `exp < now - skew` never held.
    expired = _token({"exp": 1_000_000_000, "iss": "https://idp.example"})
    process = wizard_cli("check", "--offline", "--json", "--skew", "nan", expired)
    assert process.returncode == 2
    process = wizard_cli("check", "--offline", "--json", expired)
    statuses = {r["id"]: r["status"] for r in json.loads(process.stdout)["results"]}
    assert statuses["token.lifetime"] == "fail"


def test_check_options_refuse_nan_in_the_core():
    from wizard.core.vocab.environment import CheckOptions

    for field in ("timeout", "skew"):
        with pytest.raises(ValueError):
            CheckOptions(**{field: float("nan")})


# --- numbers no parser should choke on ---------------------------------------------------------


def test_a_yaml_integer_of_5000_digits_is_a_located_problem(tmp_path):
    flow = tmp_path / "big.yaml"
    flow.write_text(f"id: x\ntitle: t\nversion: {'9' * 5000}\n")
    process = wizard_cli("flows", "lint", str(flow))
    assert_clean_exit(process)
    assert process.returncode == 1
    assert "4,300 digits" in process.stdout + process.stderr
    mapping = tmp_path / "roles_mapping.yml"
    mapping.write_text(f"admin:\n  users: [{'7' * 5000}]\n")
    process = wizard_cli("check", "--offline", "--roles-mapping", str(mapping), _token({}))
    assert_clean_exit(process)
    assert "4,300 digits" in process.stdout


@pytest.mark.parametrize("at", ["1e308", "-5", "NaN", "Infinity"])
def test_a_session_file_with_an_absurd_moment_is_refused(tmp_path, at):
    from wizard.core.session.reading import TranscriptError, parse_transcript

    text = re.sub(r'"at": [0-9.]+', f'"at": {at}', _transcript_text(), count=1)
    with pytest.raises(TranscriptError, match="between 1970 and 9999"):
        parse_transcript(text, "forged.json")


def test_a_session_file_nested_deeply_is_refused():
    from wizard.core.session.reading import TranscriptError, parse_transcript

    with pytest.raises(TranscriptError, match="nested too deeply"):
        parse_transcript("[" * 100_000 + "]" * 100_000, "deep.json")


@functools.cache
def _transcript_text() -> str:
    """A real transcript of a short headless run, as the wizard writes it."""
    return _transcript_path().read_text()


def _transcript_path():
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    answers = folder / "answers.yaml"
    answers.write_text(yaml.safe_dump({"facts": {"token": "opaque-token-value-1234"}}))
    out = folder / "t.json"
    wizard_cli("run", "generic-bearer-401", "--answers", str(answers), "--transcript", str(out))
    assert out.exists()
    text = out.read_text()
    assert '"at": 1' in text
    return out
