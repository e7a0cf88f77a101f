"""`wizard flows list | lint | schema | show | graph`: the playbooks themselves."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from wizard.core.vocab.errors import UserError

if TYPE_CHECKING:
    from wizard.core.flow.catalog import FlowCatalog


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("flows", help="list, lint or describe the flow files")
    actions = parser.add_subparsers(dest="flows_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="the flows you can run, with their titles")
    listing.add_argument(
        "--ids", action="store_true", help="only the flow ids, one a line (for scripts)"
    )
    lint = actions.add_parser(
        "lint", help="validate flow files (the shipped ones and yours by default)"
    )
    lint.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="flow files or folders")
    actions.add_parser("schema", help="print the JSON Schema of flow files")
    show = actions.add_parser(
        "show", help="a flow as text: facts, and each node's questions, checks, routes, endings"
    )
    show.add_argument("flow", metavar="FLOW", help="a flow id (see 'wizard flows list')")
    graph = actions.add_parser(
        "graph", help="a flow as a diagram source: Mermaid by default, or Graphviz DOT"
    )
    graph.add_argument("flow", metavar="FLOW", help="a flow id (see 'wizard flows list')")
    graph.add_argument(
        "--format",
        choices=("mermaid", "dot"),
        default="mermaid",
        help="mermaid (renders in Markdown tickets and docs) or dot (Graphviz)",
    )
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
    if args.flows_command in ("show", "graph"):
        return _describe(args, catalog)
    for loaded in sorted(catalog.flows.values(), key=lambda lf: lf.flow.id):
        if args.ids:
            print(loaded.flow.id)
            continue
        first_line = (
            loaded.flow.description.strip().splitlines()[0]
            if loaded.flow.description.strip()
            else ""
        )
        mark = " (replaces the shipped flow)" if loaded.flow.id in catalog.replaced else ""
        print(f"{loaded.flow.id:<22} {loaded.flow.title}{mark}")
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
    # The findings are what lint is asked for, so they go to stdout (a pipe or a CI log).
    if _print_problems(catalog, sys.stdout):
        return 1
    count = len(catalog.flows)
    print(f"{count} flow{'s' if count != 1 else ''} OK")
    return 0


def _describe(args: argparse.Namespace, catalog: FlowCatalog) -> int:
    if args.flow not in catalog:
        from wizard.core.flow.problems import did_you_mean

        hint = did_you_mean(args.flow, sorted(catalog.flows))
        raise UserError(f"no flow '{args.flow}'{hint}; 'wizard flows list' names them")
    flow = catalog.get(args.flow)
    if args.flows_command == "show":
        from wizard.core.flow.outline import fit_outline, flow_outline

        lines = flow_outline(flow)
        # On a terminal, wrapped under each line's indent, not cut at column 0; in a pipe (a
        # ticket, a doc) one line each, for the reader's own wrapping.
        if sys.stdout.isatty():
            import shutil

            lines = fit_outline(lines, shutil.get_terminal_size().columns)
        print("\n".join(lines))
    else:
        from wizard.core.flow.graph import flow_graph

        print(flow_graph(flow, args.format), end="")
    return 0


def _print_problems(catalog: FlowCatalog, stream: TextIO | None = None) -> int:
    """Print every problem (to stderr unless `stream` is given); returns how many."""
    stream = stream or sys.stderr
    for problem in catalog.problems:
        print(problem, file=stream)
    if catalog.problems:
        count = len(catalog.problems)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=stream)
    return len(catalog.problems)
