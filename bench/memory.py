"""Memory: peak RSS of a whole demo session, headless, one process per scenario.

The child process starts the scenario's demo world (identity provider, service provider and
config files, in-process on loopback), then walks the scenario's flow with the headless
runner, every check included, as `wizard run` would. Until the shipped flows are in the
tree it runs the whole check catalog on the world's facts instead (the `wizard check`
session). Peak RSS is the child's own high-water mark (VmHWM). Target: <= 120 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.rounds import verdict

NAME = "memory"
TITLE = "Memory of a demo session"
ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 120.0
# The choices a person makes in the demo where a flow asks (as the demo tests answer them).
ANSWERS = {"opensearch-oidc-401:start": "login-401", "issued-by-hand": "granted"}

CHILD = """
import asyncio, json, sys
from wizard.core.vocab.environment import CheckEnvironment
from wizard.demo.scenarios import get_scenario
from wizard.demo.world import DemoWorld

scenario = get_scenario(sys.argv[1])
use_flows = sys.argv[2] == "flow"
answers = json.loads(sys.argv[3])
outcome = {}
with DemoWorld(scenario) as world:
    env = CheckEnvironment()
    if use_flows:
        from wizard.core.checks.catalog import load_registry
        from wizard.core.flow.catalog import FlowCatalog, flow_folders
        from wizard.core.session.headless import run_headless

        catalog = FlowCatalog.load(flow_folders(), load_registry())
        lines = []
        result = run_headless(catalog, scenario.flow, world.facts, answers, lines.append, env)
        outcome = {"exit": result.exit_code, "resolution": result.resolution,
                   "expected": scenario.expected_resolution}
    else:
        from wizard.core.checks import batch
        from wizard.core.checks.catalog import load_registry

        async def session():
            try:
                requested = [s.id for s in load_registry().values() if s.on_request]
                return await batch.run_all(world.facts, env, requested=requested)
            finally:
                await env.aclose()

        results = asyncio.run(session())
        outcome = {"exit": batch.exit_code(results), "checks": len(results)}
print(json.dumps({"peak_kib": peak_kib(), **outcome}))
"""
# ru_maxrss of a child carries over the parent's peak from before exec (Linux records the old
# address space's high-water mark on exec); VmHWM belongs to the new address space only.
PEAK = """
def peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""
BARE = "import json\nprint(json.dumps({'peak_kib': peak_kib()}))"


def flows_available() -> bool:
    return any((ROOT / "flows").glob("*.yaml"))


def scenario_names() -> list[str]:
    from wizard.demo.scenarios import scenario_names as names

    return names()


def _child(code: str, *args: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIZARD_")}
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.run(
        [sys.executable, "-c", PEAK + code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if process.returncode != 0 or not process.stdout.strip():
        raise RuntimeError(f"the session process failed: {process.stderr[-600:]}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def measure(scenarios: int | None = None) -> dict[str, Any]:
    """Peak RSS per scenario (all of them unless `scenarios` limits the count)."""
    mode = "flow" if flows_available() else "check"
    names = scenario_names()[:scenarios] if scenarios else scenario_names()
    sessions = {name: _child(CHILD, name, mode, json.dumps(ANSWERS)) for name in names}
    return {
        "mode": mode,
        "bare_mb": _child(BARE)["peak_kib"] / 1024,
        "sessions": {
            name: {**figures, "peak_mb": figures.pop("peak_kib") / 1024}
            for name, figures in sessions.items()
        },
    }


def report(figures: dict[str, Any]) -> str:
    sessions = figures["sessions"]
    worst = max(s["peak_mb"] for s in sessions.values())
    how = (
        "the scenario's flow walked by the headless runner"
        if figures["mode"] == "flow"
        else "the whole check catalog on the world's facts (the shipped flows were not in the "
        "tree yet: the flow walk is pending)"
    )
    lines = [
        f"One process per scenario: the demo world plus {how}. Peak RSS (VmHWM of the process).",
        "",
        "| scenario | peak RSS | outcome |",
        "| --- | --- | --- |",
    ]
    for name, s in sessions.items():
        if figures["mode"] == "flow":
            outcome = f"exit {s['exit']}, resolution {s['resolution']}"
        else:
            outcome = f"exit {s['exit']}, {s['checks']} checks"
        lines.append(f"| {name} | {s['peak_mb']:.1f} MB | {outcome} |")
    lines += [
        "",
        f"Largest: {worst:.1f} MB (target <= {TARGET_MB:.0f} MB: "
        f"{verdict(worst <= TARGET_MB)}); a bare interpreter peaks at "
        f"{figures['bare_mb']:.1f} MB on the same machine.",
    ]
    return "\n".join(lines)
