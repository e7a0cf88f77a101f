"""The property: whatever the checks' outcomes, no resolution reached asserts a check that did
not pass (every shipped flow, every combination of statuses its routes and assertions see)."""

from __future__ import annotations

import pytest

from tests.diagnosis.exploring import Ending, Explorer
from tests.diagnosis.test_assertion_lint import write_flow
from tests.flows.walking import shipped_catalog
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog

FLOWS = sorted(shipped_catalog().flows)
# The flows that declare a resolution of their own (triage only hands off).
RESOLVING = [
    flow_id
    for flow_id in FLOWS
    if any(
        node.resolution is not None for node in shipped_catalog().flows[flow_id].flow.nodes.values()
    )
]


@pytest.fixture(scope="module")
def explorer() -> Explorer:
    flows = {flow_id: loaded.flow for flow_id, loaded in shipped_catalog().flows.items()}
    return Explorer(flows, load_registry())


# One walk per starting flow, each its own fixture instance: the workers share the walks out
# instead of one of them walking every flow while the others wait. Pytest orders the tests
# of one flow together, so both tests of a flow use the walk made once.
@pytest.fixture(scope="module", params=FLOWS)
def walked(request: pytest.FixtureRequest, explorer: Explorer) -> tuple[str, list[Ending]]:
    flow_id = request.param
    return flow_id, list(explorer.endings(flow_id))


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


def test_no_reachable_resolution_asserts_an_unpassed_check(explorer, walked):
    flow_id, endings = walked
    stuck = [ending for ending in endings if ending.finished is None]
    assert stuck == [], f"walks that end nowhere: {stuck[:3]}"
    assert unpassed_assertions(explorer, endings) == []
    # The walk really varied the outcomes: more than one resolution is reached from each start.
    assert len({(e.flow, e.node) for e in endings}) > 1


def declared_resolutions(explorer: Explorer, flow_id: str) -> set[tuple[str, str]]:
    flow = explorer.flows[flow_id]
    return {(flow_id, n) for n, node in flow.nodes.items() if node.resolution is not None}


@pytest.mark.parametrize("walked", RESOLVING, indirect=True)
def test_the_walk_reaches_every_resolution(explorer, walked):
    # Per flow, from its own start (where home opens it): together, every resolution of every
    # shipped flow.
    flow_id, endings = walked
    reached = {(e.flow, e.node) for e in endings}
    assert sorted(declared_resolutions(explorer, flow_id) - reached) == []


def test_the_walk_finds_a_default_that_asserts_an_unrouted_outcome(tmp_path):
    folder = write_flow(
        tmp_path, "- when: {failed: token.signature}\n  goto: bad-signature\n- goto: all-good"
    )
    catalog = FlowCatalog.load([folder], load_registry())
    flows = {flow_id: loaded.flow for flow_id, loaded in catalog.flows.items()}
    explorer = Explorer(flows, load_registry())
    bad = unpassed_assertions(explorer, list(explorer.endings("asserting")))
    assert {status for _, _, status in bad} == {"warn"}  # warn stands for warn, skip and error
