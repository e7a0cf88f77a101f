"""The shipped playbooks as a whole: they lint clean, each file holds the flow it is named for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.flows.walking import missing_checks, shipped_catalog
from wizard.core.flow.catalog import shipped_flows_dir

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "triage",
    "okta-sp-401",
    "auth0-userinfo-401",
    "opensearch-oidc-401",
    "generic-bearer-401",
    "keycloak-401",
    "entra-401",
    "evidence-401",
)
# The ids the demo scenarios and the docs rely on: renaming one breaks them.
STABLE_RESOLUTIONS = {
    "okta-sp-401": ("okta-aud-org-server", "okta-missing-claim", "sp-side-problem"),
    "auth0-userinfo-401": ("auth0-userinfo-missing-openid", "auth0-userinfo-hs256-api"),
    "opensearch-oidc-401": ("opensearch-roles-key-missing", "opensearch-subject-case"),
    "generic-bearer-401": (
        "token-expired-clock-skew",
        "token-unknown-kid",
        "token-signature-invalid",
    ),
}


def test_every_check_a_shipped_flow_can_reach_is_installed():
    # A removed or renamed check module must fail here, not skip the walks that need it.
    assert sorted({check for flow in SHIPPED for check in missing_checks(flow)}) == []


@pytest.mark.slow
def test_wizard_flows_lint_is_clean_on_the_shipped_flows():
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "flows", "lint", str(shipped_flows_dir())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "PYTHONPATH": str(ROOT), "WIZARD_FLOWS": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(SHIPPED)} flows OK" in result.stdout


def test_the_catalog_loads_without_problems():
    assert [str(problem) for problem in shipped_catalog().problems] == []


def test_each_file_holds_the_flow_it_is_named_for():
    catalog = shipped_catalog()
    assert sorted(catalog.flows) == sorted(SHIPPED)
    for flow_id, loaded in catalog.flows.items():
        assert Path(loaded.source.file).name == f"{flow_id}.yaml"


@pytest.mark.parametrize("flow_id", sorted(STABLE_RESOLUTIONS))
def test_stable_resolution_ids_exist(flow_id):
    nodes = shipped_catalog().get(flow_id).nodes
    for resolution in STABLE_RESOLUTIONS[flow_id]:
        assert nodes[resolution].resolution is not None, resolution


def test_every_resolution_has_steps_and_references():
    for flow_id, loaded in shipped_catalog().flows.items():
        for node_id, node in loaded.flow.nodes.items():
            if node.resolution is None:
                continue
            where = f"{flow_id}:{node_id}"
            assert len(node.resolution.steps) >= 2, where
            assert node.resolution.refs, where
            assert all(ref.startswith("https://") for ref in node.resolution.refs), where


def test_triage_starts_by_asking_what_fails():
    triage = shipped_catalog().get("triage")
    first = triage.nodes[triage.start]
    assert [choice.answer for choice in first.choices] == [
        "api",
        "userinfo",
        "opensearch",
        "token",
        "log",
    ]


def test_wizard_run_walks_a_shipped_flow_from_an_answers_file(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("facts: {token: abc.def.ghi}\nanswers: {start: token}\n")
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "run", "triage", "--answers", str(answers)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "", "PYTHONPATH": str(ROOT), "WIZARD_FLOWS": ""},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[token-malformed]" in result.stdout
