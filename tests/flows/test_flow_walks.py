"""Every resolution of every shipped flow, reached headless with facts that really produce it."""

from __future__ import annotations

import pytest

from tests.flows.cases import CASES as BASE_CASES
from tests.flows.cases import Case
from tests.flows.provider_cases import PROVIDER_CASES
from tests.flows.walking import Walk, shipped_catalog, walk
from wizard.core.flow.engine import Finished
from wizard.core.flow.text import UNKNOWN

CASES = BASE_CASES + PROVIDER_CASES


def _param(case: Case) -> object:
    return pytest.param(case, id=case.name)


@pytest.fixture(scope="session")
def walks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Walk]:
    """Walks done so far in this session, by case name (each case is walked once)."""
    return {}


def walked(case: Case, walks: dict[str, Walk], tmp_path_factory: pytest.TempPathFactory) -> Walk:
    if case.name not in walks:
        walks[case.name] = walk(case, tmp_path_factory.mktemp("case"))
    return walks[case.name]


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case_reaches_its_resolution(case: Case, walks, tmp_path_factory):
    result = walked(case, walks, tmp_path_factory)
    assert result.outcome.exit_code == 0, result.transcript()
    assert result.ended_at == case.expected, result.transcript()
    finished = result.outcome.engine.pending
    assert isinstance(finished, Finished)
    shown = " ".join([finished.title, finished.explanation, *finished.steps])
    assert UNKNOWN not in shown, f"a resolution names a fact the walk never learned: {shown}"


def test_case_names_are_unique():
    names = [case.name for case in CASES]
    assert sorted({name for name in names if names.count(name) > 1}) == []


def test_every_resolution_has_a_case():
    catalog = shipped_catalog()
    resolutions = {
        f"{flow_id}:{node_id}"
        for flow_id, loaded in catalog.flows.items()
        for node_id, node in loaded.flow.nodes.items()
        if node.resolution is not None
    }
    expected = {case.expected for case in CASES}
    assert sorted(resolutions - expected) == []
    assert sorted(expected - resolutions) == []


def test_every_node_is_visited_by_some_case(walks, tmp_path_factory):
    visited = {
        f"{flow_id}:{node_id}"
        for case in CASES
        for flow_id, node_id in walked(case, walks, tmp_path_factory).path
    }
    nodes = {
        f"{flow_id}:{node_id}"
        for flow_id, loaded in shipped_catalog().flows.items()
        for node_id in loaded.flow.nodes
    }
    assert sorted(nodes - visited) == []
