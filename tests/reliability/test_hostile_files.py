"""Hostile flow and configuration files, through the flow loader, the OpenSearch checks and both
command lines: a located problem or an error result, never a traceback.

Guards: the 1 MiB size cap and the alias-expansion and depth limits of the flow loader
(wizard/core/flow/source.py) and of wizard/core/vocab/yamlsafe.py, their UTF-8 and shape checks,
and the one-line error printing of `flows lint` and `check`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.test_flow_loader import BROKEN, expected_messages
from tests.reliability.hostile_files import HOSTILE_FILES, OPENSEARCH, HostileFile
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.context import CheckContext, CheckStopped
from wizard.core.checks.runner import CheckRun, run_one
from wizard.core.flow.catalog import FlowCatalog
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.result import CheckResult, Status

ROOT = Path(__file__).resolve().parents[2]
IDS = [hostile.name for hostile in HOSTILE_FILES]
CLI_TIMEOUT = 60  # a bound for a hung CLI, not a measured duration


def wizard_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CLI_TIMEOUT,
    )


def assert_no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stdout + done.stderr
    assert "Error:" not in done.stderr.replace("UserError", "")


# --- the flow loader --------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=IDS)
def test_the_flow_loader_reports_a_hostile_file_as_one_problem(hostile: HostileFile, tmp_path):
    path = hostile.make(tmp_path)
    catalog = FlowCatalog.load([], load_registry(), files=[path])
    assert catalog.flows == {}
    assert catalog.problems, "a hostile file must give a problem"
    shown = [str(problem) for problem in catalog.problems]
    assert all(line.startswith(str(path)) for line in shown), shown
    assert any(hostile.flow_message in line for line in shown), shown


def test_lint_reports_the_whole_broken_corpus_without_a_traceback():
    done = wizard_cli("flows", "lint", *(str(path.relative_to(ROOT)) for path in BROKEN))
    assert done.returncode == 1
    assert_no_traceback(done)
    for path in BROKEN:
        relative = str(path.relative_to(ROOT))
        ours = [line for line in done.stdout.splitlines() if line.startswith(relative)]
        assert ours, f"{relative} is not named"
        if "fake." in path.read_text():
            continue  # its expectations are written for the registry of fake checks
        for expected in expected_messages(path):
            expected = expected.split(" (did you mean")[0]
            assert any(expected in line for line in ours), (expected, ours)


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=IDS)
def test_lint_prints_one_line_for_a_hostile_file(hostile: HostileFile, tmp_path):
    path = hostile.make(tmp_path)
    done = wizard_cli("flows", "lint", str(path))
    assert done.returncode == 1
    assert_no_traceback(done)
    lines = done.stdout.strip().splitlines()  # lint's findings are its output
    if hostile.flow_message:
        assert lines[0].startswith(f"{path}:") and hostile.flow_message in lines[0], lines
        assert lines[1:] == ["1 problem found"], lines


# --- the OpenSearch checks --------------------------------------------------------------------

GOOD_CONFIG = str(OPENSEARCH / "config_seed003.yml")
GOOD_MAPPING = str(OPENSEARCH / "roles_mapping_seed003.yml")
GOOD_DASHBOARDS = str(OPENSEARCH / "opensearch_dashboards_seed003.yml")
ROLES = {"opensearch_config": GOOD_CONFIG, "opensearch_user": "alice"}


async def both_ways(check_id: str, inputs: dict[str, str]) -> CheckResult:
    """Run a check through the runner and directly; the direct call raises nothing but its
    designed early stop."""
    spec = load_registry()[check_id]
    env = CheckEnvironment(CheckOptions(offline=True))
    via_runner = await run_one(CheckRun(check_id, spec, inputs), env)
    try:
        direct = await spec.func(CheckContext(spec, inputs, env))
    except CheckStopped as stop:  # the one exception a check raises by design
        direct = stop.result
    assert "internal error" not in via_runner.detail, via_runner.detail
    assert (direct.status, direct.detail) == (via_runner.status, via_runner.detail)
    return direct


@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=IDS)
async def test_every_opensearch_check_turns_a_hostile_file_into_a_result(
    hostile: HostileFile, tmp_path
):
    path = str(hostile.make(tmp_path))
    cases = [
        (check_id, {"opensearch_config": path, "dashboards_config": GOOD_DASHBOARDS})
        for check_id in ("opensearch.authc", "opensearch.idp", "opensearch.subject")
    ]
    cases += [
        ("opensearch.roles", {"opensearch_config": path}),
        ("opensearch.role_mapping", {**ROLES, "roles_mapping": path}),
        ("opensearch.redirect", {"dashboards_config": path}),
        ("opensearch.idp", {"opensearch_config": GOOD_CONFIG, "dashboards_config": path}),
    ]
    for check_id, inputs in cases:
        result = await both_ways(check_id, inputs)
        assert result.status in (Status.ERROR, Status.FAIL, Status.WARN), (check_id, result)
        if check_id == "opensearch.role_mapping":
            assert hostile.as_roles_mapping in result.detail, result.detail
        elif check_id == "opensearch.authc":
            assert hostile.opensearch_message in result.detail, (check_id, result.detail)


@pytest.fixture(scope="module")
def token_file(tmp_path_factory) -> Path:
    """A token whose subject opensearch.role_mapping can look up (it skips without one)."""
    import jwt

    claims = {"iss": "https://idp.example.test", "sub": "alice", "exp": 4_000_000_000}
    path = tmp_path_factory.mktemp("token") / "token.txt"
    path.write_text(jwt.encode(claims, "k" * 32, algorithm="HS256"))
    return path


@pytest.mark.parametrize("flag", ["--opensearch-config", "--roles-mapping"])
@pytest.mark.parametrize("hostile", HOSTILE_FILES, ids=IDS)
def test_wizard_check_prints_one_clear_line_for_a_hostile_file(hostile, flag, tmp_path, token_file):
    path = hostile.make(tmp_path)
    if flag == "--roles-mapping":
        extra = ["--opensearch-config", GOOD_CONFIG, "--token-file", str(token_file)]
        check_id, message = "opensearch.role_mapping", hostile.as_roles_mapping
    else:
        extra = []
        check_id, message = "opensearch.authc", hostile.opensearch_message
    done = wizard_cli("check", "--offline", flag, str(path), *extra)
    assert done.returncode == 1
    assert_no_traceback(done)
    line = next(line for line in done.stdout.splitlines() if line[2:].startswith(check_id))
    assert line[0] in "?✗" and message in line, line


def test_wizard_check_with_a_missing_file_says_so_in_one_line(tmp_path):
    done = wizard_cli("check", "--opensearch-config", str(tmp_path / "nowhere.yml"))
    assert done.returncode == 2
    assert_no_traceback(done)
    assert done.stdout == ""
    assert done.stderr.strip().count("\n") == 0
    assert "--opensearch-config" in done.stderr and "file not found or not readable" in done.stderr
