"""The demo scenarios, walked headless through the shipped flows against their running world.

Each scenario names the resolution its flow should reach; the flows own those ids, so this is
where a renamed node or a changed route would show.
"""

from __future__ import annotations

import pytest

from tests.flows.walking import missing_checks, shipped_catalog
from wizard.core.checks.environment import CheckEnvironment
from wizard.core.headless import run_headless

scenarios = pytest.importorskip("wizard.demo.scenarios")
world_module = pytest.importorskip("wizard.demo.world")

# The choices a person would make in the demo: the login fails; the System Log is read by the
# wizard itself, so 'granted' is only a fallback.
ANSWERS = {"opensearch-oidc-401:start": "login-401", "issued-by-hand": "granted"}
# The OpenSearch demo world puts a basic domain with challenge: true before the openid domain.
# The security plugin answers every Bearer call there with a Basic challenge (BackendRegistry
# stops at the first challenging domain without credentials), so the flow stops at that cause
# before it reaches the one the scenario is about.
BASIC_CHALLENGE_FIRST = "the demo's config.yml has challenge: true on the basic domain"
WORLD_DIFFERS = {"opensearch-roles-key-absent", "opensearch-subject-case"}


def _param(scenario):
    marks = []
    missing = missing_checks(scenario.flow)
    if missing:
        marks.append(pytest.mark.skipif(True, reason=f"checks not installed yet: {missing}"))
    if scenario.name in WORLD_DIFFERS:
        marks.append(pytest.mark.xfail(reason=BASIC_CHALLENGE_FIRST, strict=False))
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
