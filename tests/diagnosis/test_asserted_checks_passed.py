"""The property: whatever the checks' outcomes, no resolution reached asserts a check that did
not pass (every shipped flow, every combination of statuses its routes and assertions see)."""

from __future__ import annotations

import pytest

from tests.diagnosis.exploring import Ending, Explorer
from tests.diagnosis.test_assertion_lint import write_flow
from tests.flows.walking import shipped_catalog
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog


@pytest.fixture(scope="module")
def walked() -> tuple[Explorer, dict[str, list[Ending]]]:
    flows = {flow_id: loaded.flow for flow_id, loaded in shipped_catalog().flows.items()}
    explorer = Explorer(flows, load_registry())
    return explorer, {flow_id: list(explorer.endings(flow_id)) for flow_id in flows}


def unpassed_assertions(explorer: Explorer, endings: list[Ending]) -> list[tuple[str, str, str]]:
    bad = []
    for ending in endings:
        resolution = explorer.flows[ending.flow].nodes[ending.node].resolution
        assert resolution is not None
        for key in resolution.asserts:
            if ending.statuses.get(key) != "pass":
                bad.append((f"{ending.flow}:{ending.node}", key, str(ending.statuses.get(key))))
                # The engine said so, rather than claim it.
                assert ending.finished is not None and ending.finished.unverified
    return bad


@pytest.mark.parametrize("flow_id", sorted(shipped_catalog().flows))
def test_no_reachable_resolution_asserts_an_unpassed_check(walked, flow_id):
    explorer, endings = walked
    stuck = [ending for ending in endings[flow_id] if ending.finished is None]
    assert stuck == [], f"walks that end nowhere: {stuck[:3]}"
    assert unpassed_assertions(explorer, endings[flow_id]) == []
    # The walk really varied the outcomes: more than one resolution is reached from each start.
    assert len({(e.flow, e.node) for e in endings[flow_id]}) > 1


def test_the_walk_reaches_every_resolution(walked):
    explorer, endings = walked
    reached = {(e.flow, e.node) for found in endings.values() for e in found}
    declared = {
        (flow_id, node_id)
        for flow_id, flow in explorer.flows.items()
        for node_id, node in flow.nodes.items()
        if node.resolution is not None
    }
    assert sorted(declared - reached) == []


def test_the_walk_finds_a_default_that_asserts_an_unrouted_outcome(tmp_path):
    folder = write_flow(
        tmp_path, "- when: {failed: token.signature}\n  goto: bad-signature\n- goto: all-good"
    )
    catalog = FlowCatalog.load([folder], load_registry())
    flows = {flow_id: loaded.flow for flow_id, loaded in catalog.flows.items()}
    explorer = Explorer(flows, load_registry())
    bad = unpassed_assertions(explorer, list(explorer.endings("asserting")))
    assert {status for _, _, status in bad} == {"warn"}  # warn stands for warn, skip and error
