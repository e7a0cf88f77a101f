"""Loading the flow catalog the way every command does: shipped + WIZARD_FLOWS + --flows."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, flow_folders


def load_catalog(args: argparse.Namespace, files: Sequence[Path] = ()) -> FlowCatalog:
    """Every flow the user can reach, validated against the check registry.

    A flow that replaces a shipped one (same id) is named on stderr, every time.
    """
    catalog = FlowCatalog.load(
        flow_folders(getattr(args, "flows", []) or []), load_registry(), files
    )
    for note in catalog.replacement_notes():
        print(f"wizard: {note}", file=sys.stderr)
    return catalog
