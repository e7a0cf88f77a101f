"""`wizard flows list | lint | schema`: the playbooks themselves."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.flow.catalog import FlowCatalog


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("flows", help="list, lint or describe the flow files")
    actions = parser.add_subparsers(dest="flows_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="the flows you can run, with their titles")
    lint = actions.add_parser(
        "lint", help="validate flow files (the shipped ones and yours by default)"
    )
    lint.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="flow files or folders")
    actions.add_parser("schema", help="print the JSON Schema of flow files")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.flows_command == "schema":
        from wizard.core.flow.schema import flow_schema

        print(json.dumps(flow_schema(), indent=2))
        return 0
    if args.flows_command == "lint":
        return _lint(args)
    from wizard.commands.flowsource import load_catalog

    catalog = load_catalog(args)
    for loaded in sorted(catalog.flows.values(), key=lambda lf: lf.flow.id):
        first_line = (
            loaded.flow.description.strip().splitlines()[0]
            if loaded.flow.description.strip()
            else ""
        )
        print(f"{loaded.flow.id:<22} {loaded.flow.title}")
        if first_line:
            print(f"{'':<22} {first_line}")
    _print_problems(catalog)
    return 1 if catalog.problems else 0


def _lint(args: argparse.Namespace) -> int:
    from wizard.commands.flowsource import load_catalog
    from wizard.core.checks.catalog import load_registry
    from wizard.core.flow.catalog import FlowCatalog, flow_folders

    if not args.paths:
        catalog = load_catalog(args)
    else:
        folders = [p for p in args.paths if p.is_dir()]
        files = [p for p in args.paths if not p.is_dir()]
        missing = [p for p in files if not p.exists()]
        if missing:
            raise UserError(f"no such file: {missing[0]}")
        # The named files are linted in the company of the shipped flows, so a goto into
        # a shipped flow (triage:start) resolves.
        catalog = FlowCatalog.load([*flow_folders(args.flows), *folders], load_registry(), files)
    if _print_problems(catalog):
        return 1
    count = len(catalog.flows)
    print(f"{count} flow{'s' if count != 1 else ''} OK")
    return 0


def _print_problems(catalog: FlowCatalog) -> int:
    for problem in catalog.problems:
        print(problem, file=sys.stderr)
    if catalog.problems:
        count = len(catalog.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
    return len(catalog.problems)
