"""The demo scenarios, walked headless through the shipped flows against their running world.

Each scenario names the resolution its flow should reach; the flows own those ids, so this is
where a renamed node or a changed route would show.
"""

from __future__ import annotations

import pytest

from tests.flows.walking import missing_checks, shipped_catalog
from wizard.core.session.headless import run_headless
from wizard.core.vocab.environment import CheckEnvironment

scenarios = pytest.importorskip("wizard.demo.scenarios")
world_module = pytest.importorskip("wizard.demo.world")

# The choices a person would make in the demo: the login fails; the System Log is read by the
# wizard itself, so 'granted' is only a fallback.
ANSWERS = {"opensearch-oidc-401:start": "login-401", "issued-by-hand": "granted"}


def _param(scenario):
    marks = []
    missing = missing_checks(scenario.flow)
    if missing:
        marks.append(pytest.mark.skipif(True, reason=f"checks not installed yet: {missing}"))
    return pytest.param(scenario, id=scenario.name, marks=marks)


@pytest.mark.parametrize("scenario", [_param(s) for s in scenarios.SCENARIOS])
def test_scenario_reaches_its_expected_resolution(scenario):
    lines: list[str] = []
    with world_module.DemoWorld(scenario) as world:
        outcome = run_headless(
            shipped_catalog(), scenario.flow, world.facts, ANSWERS, lines.append, CheckEnvironment()
        )
        secrets = world.demo_secrets()
    transcript = "\n".join(lines)
    assert outcome.exit_code == 0, transcript
    assert outcome.resolution == scenario.expected_resolution, transcript
    for secret in secrets:
        assert secret not in transcript
