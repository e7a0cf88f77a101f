"""The demo worlds' diagnoses list what else is wrong in them, and nothing that is not.

Each demo world has one fault by design, and its diagnosis must list nothing else: the
Keycloak frontend-URL world keeps its roles in the access token only (Keycloak's default), no
fault for its service, an API that reads only that token; an ID token is what OpenSearch
Dashboards and an SSO service provider are sent, a Graph token's every claim is Graph's, a
kid missing from the JWKS is the reason the signature cannot verify.
"""

from __future__ import annotations

import pytest

from tests.flows.test_demo_scenarios import ANSWERS
from tests.flows.walking import shipped_catalog
from wizard.core.flow.engine import Finished
from wizard.core.session.headless import run_headless
from wizard.core.vocab.environment import CheckEnvironment
from wizard.demo.scenarios import SCENARIOS
from wizard.demo.world import DemoWorld

ALSO: dict[str, tuple[tuple[str, str], ...]] = {}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.name)
def test_the_demo_diagnosis_lists_only_real_other_causes(scenario):
    lines: list[str] = []
    with DemoWorld(scenario) as world:
        outcome = run_headless(
            shipped_catalog(), scenario.flow, world.facts, ANSWERS, lines.append, CheckEnvironment()
        )
    finished = outcome.engine.pending
    assert isinstance(finished, Finished), "\n".join(lines)
    found = tuple((item.id, item.token) for item in finished.also_found)
    assert found == ALSO.get(scenario.name, ()), "\n".join(lines)
