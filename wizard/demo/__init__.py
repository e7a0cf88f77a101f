"""The local demo world behind `wizard demo`: an IdP, an SP and config files on loopback.

It lets a new user, a trainer or a reviewer watch the wizard diagnose real 401s with no identity
provider at hand. It imports no UI toolkit; the faces build on it.
"""

from wizard.demo.scenarios import SCENARIOS, Scenario, get_scenario, scenario_names
from wizard.demo.world import DemoWorld

__all__ = ["SCENARIOS", "DemoWorld", "Scenario", "get_scenario", "scenario_names"]
