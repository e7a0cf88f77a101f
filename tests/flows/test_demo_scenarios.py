"""The demo scenarios, walked headless through the shipped flows against their running world.

Each scenario names the resolution its flow should reach; the flows own those ids, so this is
where a renamed node or a changed route would show.
"""

from __future__ import annotations

import pytest

from tests.flows.walking import shipped_catalog
from wizard.core.session.headless import run_headless
from wizard.core.vocab.environment import CheckEnvironment
from wizard.demo.scenarios import SCENARIOS
from wizard.demo.world import DemoWorld

# The choices a person would make in the demo: the login fails; the System Log is read by the
# wizard itself, so 'granted' is only a fallback.
ANSWERS = {"opensearch-oidc-401:start": "login-401", "issued-by-hand": "granted"}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_scenario_reaches_its_expected_resolution(scenario):
    lines: list[str] = []
    with DemoWorld(scenario) as world:
        outcome = run_headless(
            shipped_catalog(), scenario.flow, world.facts, ANSWERS, lines.append, CheckEnvironment()
        )
        secrets = world.demo_secrets()
    transcript = "\n".join(lines)
    assert outcome.exit_code == 0, transcript
    assert outcome.resolution == scenario.expected_resolution, transcript
    for secret in secrets:
        assert secret not in transcript
