"""The flow authors' guide keeps up with the check catalog, and `wizard check` with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wizard.cli import build_parser, subcommand_parsers
from wizard.commands.checkflags import flag_dest, requested_checks
from wizard.core.checks.catalog import load_registry
from wizard.core.checks.context import CheckSpec
from wizard.core.checks.table import BEGIN, END, check_table, with_table

ROOT = Path(__file__).resolve().parents[2]


async def _never(ctx):
    raise AssertionError("not run")


def test_the_flow_authors_guide_holds_the_table_the_registry_makes():
    guide = (ROOT / "docs" / "FLOWS.md").read_text()
    expected = with_table(guide, check_table(load_registry().values()))
    assert guide == expected, (
        "docs/FLOWS.md's check table is stale: run "
        "'python -m wizard.core.checks.table docs/FLOWS.md'"
    )


def test_the_table_says_what_a_declaration_says():
    spec = CheckSpec(
        "acme.call",
        "Acme call",
        _never,
        inputs={"token": "t", "acme_url": "u"},
        requires=("acme_url",),
        learns=("acme_status",),
        network=True,
        on_request="--acme",
    )
    row = check_table([spec]).splitlines()[2]
    assert row.startswith("| `acme.call` (network, asked for by `--acme`) |")
    assert "`token`, `acme_url`*" in row and "`acme_status`" in row


def test_a_guide_without_the_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        with_table(f"no table here\n{BEGIN}\n", "| id |\n")
    assert with_table(f"a\n{BEGIN}\nold\n{END}\nb", "new\n") == f"a\n{BEGIN}\nnew\n{END}\nb"


def _check_flags() -> set[str]:
    parser = next(p for p in subcommand_parsers(build_parser()) if p.prog.endswith(" check"))
    return {action.dest for action in parser._actions}


def test_every_check_asked_for_by_a_flag_has_that_flag_in_wizard_check():
    on_request = [spec for spec in load_registry().values() if spec.on_request]
    assert {spec.id for spec in on_request} >= {"userinfo.request", "introspection.request"}
    missing = [
        spec.on_request for spec in on_request if flag_dest(spec.on_request) not in _check_flags()
    ]
    assert missing == []


def test_the_flags_given_ask_for_their_checks_and_no_others():
    asked = requested_checks(
        {"userinfo": True, "introspect": False, "resource": "https://api.test"}
    )
    assert {"resource.request", "userinfo.request"} <= set(asked)
    assert "introspection.request" not in asked
    assert requested_checks({}) == []
