"""The demo worlds behind `wizard demo`: at most one runs, the one of the scenario being played.

Textual-free: the app asks it to play a scenario and to stop; the worlds themselves (loopback
servers, a temporary config folder) are `wizard.demo.world.DemoWorld`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wizard.core.flow.model import Flow
    from wizard.demo.scenarios import Scenario
    from wizard.demo.world import DemoWorld


class DemoWorlds:
    """The scenarios on offer and the world of the one being played."""

    def __init__(self, scenarios: Sequence[Scenario]) -> None:
        self.scenarios = list(scenarios)
        self.world: DemoWorld | None = None

    @property
    def playing(self) -> Scenario | None:
        """The scenario whose world is running, if any."""
        return self.world.scenario if self.world is not None else None

    def scenario(self, name: str) -> Scenario:
        return next(s for s in self.scenarios if s.name == name)

    def play(self, scenario: Scenario | str) -> DemoWorld:
        """Stop the running world (its ports closed, its files removed), start the scenario's.

        Playing the same scenario again starts it afresh: new ports, secrets and tokens.
        """
        from wizard.demo.world import DemoWorld

        if isinstance(scenario, str):
            scenario = self.scenario(scenario)
        self.stop()
        self.world = DemoWorld(scenario).start()
        return self.world

    def stop(self) -> None:
        """Stop the running world, if any (safe to call twice)."""
        world, self.world = self.world, None
        if world is not None:
            world.stop()


def expected_diagnosis(
    flows: Mapping[str, Flow], scenario: Scenario, facts: Mapping[str, str] | None = None
) -> str:
    """The title of the resolution the scenario should reach (its id when no flow has it).

    `{fact}` references in the title are filled from `facts`; one learned only during the
    session (such as the resolved user) is shown as "…", never as the fact's internal name.
    """
    from wizard.core.flow.model import FACT_REFERENCE

    wanted = scenario.expected_resolution
    known = facts or {}
    # The scenario's own flow first: resolution ids are only unique within a flow.
    order = sorted(flows.values(), key=lambda flow: flow.id != scenario.flow)
    for flow in order:
        node = flow.nodes.get(wanted)
        if node is not None and node.resolution is not None:
            return FACT_REFERENCE.sub(lambda m: known.get(m.group(1)) or "…", node.resolution.title)
    return wanted
