"""Fixtures and marks shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.core.vocab import redaction

ROOT = Path(__file__).resolve().parents[1]
# Fingerprints are keyed per install; in-process tests pin one key so pictures and expected
# texts stay the same on every machine (and no key file is written to the real data folder).
TEST_FINGERPRINT_KEY = b"oidc-401-wizard test fingerprint key, not a secret"

# What `-m "not slow"` leaves out, so that the edit loop stays under a minute: the Textual
# app driven key by key, the real oidc-provider, fuzzing, whole processes of the CLI and
# the benchmark scripts. Folders cover the tests added to them later; CI runs everything.
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
    "tests/diagnosis/test_demo_also_found.py",
    "tests/commands/test_check_verdict.py",
    "tests/core/test_cli_run.py",
    "tests/core/session/test_demo_transcripts.py",
    "tests/core/session/test_reading_fuzz.py",
    "tests/demo/test_demo_command.py",
    "tests/security/",
)


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
