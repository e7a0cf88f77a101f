"""The benchmark scripts still run: each measurement at tiny sizes yields numbers.

Timings are not asserted (the benchmarks are run by hand, figures in docs/BENCHMARKS.md);
only that every figure a report needs is there and is a number.
"""

from __future__ import annotations

import math

import pytest

from bench import run
from bench.minting import look_alike_tokens
from bench.rounds import alternate


def _is_number(value) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value >= 0


@pytest.mark.parametrize("name", list(run.BENCHMARKS))
def test_each_benchmark_measures_at_tiny_sizes(name):
    module = run.BENCHMARKS[name]
    figures = module.measure(**run.QUICK[name])
    numbers = {
        "start": ("wizard", "pyjwt", "ratio"),
        "tui": ("empty", "home", "listed", "demo", "demo_first", "ratio", "demo_ratio"),
        "endpoints": ("wall", "chain", "ratio", "cold"),
        "steps": ("slowest_wall", "slowest_cpu", "slowest_process", "step_count"),
        "memory": ("bare_mb",),
        "batch": ("wizard_rate", "pyjwt_rate", "ratio"),
        "stream": ("lines", "growth", "rate"),
    }[name]
    for key in numbers:
        assert _is_number(figures[key]), (key, figures[key])
    assert module.report(figures).strip()


def test_the_headless_path_imports_no_ui():
    figures = run.BENCHMARKS["start"].measure(rounds=1)
    assert figures["module_count"] > 0  # the import profile was read
    assert not [name for name in figures["unwanted"] if name.startswith(("textual", "wizard.ui"))]


def test_endpoint_sessions_fetch_discovery_and_jwks_once():
    figures = run.BENCHMARKS["endpoints"].measure(rounds=1, delay=0.01)
    assert figures["max_counts"]["discovery"] == 1
    assert figures["max_counts"]["jwks"] == 1


def test_memory_sessions_report_a_peak_per_scenario():
    figures = run.BENCHMARKS["memory"].measure(scenarios=1)
    (session,) = figures["sessions"].values()
    assert _is_number(session["peak_mb"]) and session["peak_mb"] > 0


def test_look_alike_tokens_are_distinct_jwts():
    tokens = look_alike_tokens(5)
    assert len(set(tokens)) == 5
    assert all(token.count(".") == 2 for token in tokens)


def test_alternate_flips_the_order_every_round():
    order: list[str] = []
    alternate({"a": lambda: order.append("a") or 1.0, "b": lambda: order.append("b") or 2.0}, 2)
    assert order == ["a", "b", "b", "a"]


def test_run_rejects_an_unknown_name(capsys):
    with pytest.raises(SystemExit):
        run.main(["nope"])
    assert "unknown benchmark" in capsys.readouterr().err


def test_the_step_bench_walks_every_shipped_flow():
    from bench import steps
    from wizard.core.flow.catalog import shipped_flows_dir

    shipped = {path.stem for path in shipped_flows_dir().glob("*.yaml")}
    assert shipped and shipped <= {walk.flow for walk in steps.walks()}
