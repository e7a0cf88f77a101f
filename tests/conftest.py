"""Fixtures and marks shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression

from wizard.core.vocab import redaction
from wizard.core.vocab.datadir import DATA_DIR_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
# Fingerprints are keyed per install; in-process tests pin one key so pictures and expected
# texts stay the same on every machine (and no key file is written to the real data folder).
TEST_FINGERPRINT_KEY = b"oidc-401-wizard test fingerprint key, not a secret"

# What `-m "not slow"` leaves out, so that the edit loop stays short: the Textual app driven
# key by key, the real oidc-provider, fuzzing, the exhaustive resolution walk, whole
# processes of the CLI and the benchmark scripts. Folders cover the tests added to them
# later; CI runs everything. In files of quick tests, each test that starts whole `wizard`
# or `lint-imports` processes is marked slow where it stands, leaving one or two of the
# file's process tests (and all its in-process ones) in the edit loop.
SLOW = (
    "tests/ui/",
    "tests/integration/",
    "tests/bench/",
    "tests/reliability/test_token_fuzz.py",
    "tests/reliability/test_hostile_files.py",
    "tests/reliability/test_tui_stress.py",
    "tests/commands/test_transcripts_cli.py",
    "tests/flows/test_flow_walks.py",
    "tests/diagnosis/test_corpus.py",
    "tests/diagnosis/test_asserted_checks_passed.py",
    "tests/diagnosis/test_demo_also_found.py",
    "tests/commands/test_check_verdict.py",
    "tests/core/test_cli_run.py",
    "tests/core/session/test_demo_transcripts.py",
    "tests/core/session/test_reading_fuzz.py",
    "tests/demo/test_demo_command.py",
    "tests/security/",
)


def _leaves_out_slow(config: pytest.Config) -> bool:
    """True when `-m` deselects every slow test whatever its other marks (`not slow`)."""
    markexpr = config.option.markexpr
    if not markexpr:
        return False
    expression = Expression.compile(markexpr)

    def matches(others: bool):
        return lambda name, /, **kwargs: name == "slow" or others

    return not any(expression.evaluate(matches(others)) for others in (False, True))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # The slow files are not even imported when `-m` leaves them all out: importing them
    # (Textual, Hypothesis, the assertion rewriting) was a fifth of the edit loop's time.
    if not _leaves_out_slow(config):
        return None
    try:
        where = collection_path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None
    if collection_path.is_dir():
        where += "/"
    return True if where.startswith(SLOW) else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        where = item.path.resolve().relative_to(ROOT).as_posix()
        if where.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True, scope="session")
def fixed_fingerprint_key():
    redaction.use_fingerprint_key(TEST_FINGERPRINT_KEY)
    yield
    redaction.use_fingerprint_key(None)


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test's sessions (and its subprocesses') go to a folder of its own.

    Without this a test that resumes or runs a session through the CLI wrote into the real
    user's data folder, where `wizard` lists it on home. Tests that need another folder set
    the variable themselves; tests of the default folder remove it.
    """
    monkeypatch.setenv(DATA_DIR_VARIABLE, str(tmp_path_factory.mktemp("data")))


def user_environment(*, proxies: bool = True) -> dict[str, str]:
    """The environment for a `wizard` child process run as a user runs it.

    No WIZARD_ variable but the test's own data folder (see `private_data_folder`), and with
    `proxies=False` no proxy variable either.
    """
    return {
        name: value
        for name, value in os.environ.items()
        if (not name.startswith("WIZARD_") or name == DATA_DIR_VARIABLE)
        and (proxies or not name.upper().endswith("_PROXY"))
    }
