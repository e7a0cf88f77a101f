"""Fixtures for the demo world tests: a started world per scenario, stopped afterwards."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from wizard.demo import DemoWorld
from wizard.demo.scenarios import SCENARIOS, Scenario


@pytest.fixture(params=SCENARIOS, ids=lambda scenario: scenario.name)
def any_world(request: pytest.FixtureRequest) -> Iterator[DemoWorld]:
    """Each scenario's world in turn."""
    with DemoWorld(request.param) as world:
        yield world


@pytest.fixture
def start_world() -> Iterator:
    """A factory starting the world of a scenario (by name or object), stopped at teardown."""
    worlds: list[DemoWorld] = []

    def start(scenario: Scenario | str) -> DemoWorld:
        world = DemoWorld(scenario).start()
        worlds.append(world)
        return world

    yield start
    for world in worlds:
        world.stop()


@pytest.fixture
def http() -> Iterator[httpx.Client]:
    """A plain HTTP client for the loopback URLs."""
    with httpx.Client(timeout=10) as client:
        yield client
