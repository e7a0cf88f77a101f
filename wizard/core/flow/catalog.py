"""Finding and loading every flow: the shipped playbooks plus the user's own folders."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from wizard.core.checks.registry import CheckSpec
from wizard.core.flow.loader import LoadedFlow, flow_files, load_flow_file
from wizard.core.flow.model import Flow
from wizard.core.flow.problems import Problem
from wizard.core.flow.validate import validate_flows

FLOWS_ENV = "WIZARD_FLOWS"


def shipped_flows_dir() -> Path:
    """The playbooks that come with the wizard.

    In a wheel they sit inside the package; in a source checkout (editable install) they
    are the repository's own `flows/` folder.
    """
    packaged = Path(str(resources.files("wizard") / "flows"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "flows"


def flow_folders(
    extra: Sequence[str | Path] = (), environ: Mapping[str, str] | None = None
) -> list[Path]:
    """Shipped flows first, then WIZARD_FLOWS folders, then --flows folders (later ones win)."""
    environ = os.environ if environ is None else environ
    from_env = [Path(p) for p in environ.get(FLOWS_ENV, "").split(os.pathsep) if p.strip()]
    return [shipped_flows_dir(), *from_env, *(Path(p) for p in extra)]


@dataclass
class FlowCatalog:
    """All loaded flows by id, and every problem found while loading and validating them."""

    flows: dict[str, LoadedFlow] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # flow id -> the file whose flow a later folder's file replaced (a user's own version)
    replaced: dict[str, str] = field(default_factory=dict)

    def replacement_notes(self) -> list[str]:
        """One sentence per flow a user's file replaced: it is not the playbook that shipped."""
        return [
            f"note: flow '{flow_id}' comes from {self.flows[flow_id].source.file}, which "
            f"replaces the one in {earlier}"
            for flow_id, earlier in sorted(self.replaced.items())
        ]

    def get(self, flow_id: str) -> Flow:
        return self.flows[flow_id].flow

    def __contains__(self, flow_id: object) -> bool:
        return flow_id in self.flows

    @classmethod
    def load(
        cls,
        folders: Sequence[Path],
        registry: Mapping[str, CheckSpec],
        files: Sequence[Path] = (),
    ) -> FlowCatalog:
        """Load the flow files in `folders` (and single `files`), then validate the whole graph."""
        catalog = cls()
        for folder in folders:
            if not folder.is_dir():
                catalog.problems.append(Problem(str(folder), None, "", "no such folder of flows"))
                continue
            catalog._add_group(flow_files(folder))
        if files:
            catalog._add_group(list(files))
        catalog.problems += validate_flows(catalog.flows, registry)
        return catalog

    def _add_group(self, paths: Sequence[Path]) -> None:
        # A later group may replace a flow of an earlier one (a user's own version of a
        # shipped flow); two files of one group with the same id are a mistake.
        seen_here: dict[str, str] = {}
        for path in paths:
            loaded, problems = load_flow_file(path, _shown(path))
            self.problems += problems
            if loaded is None:
                continue
            flow_id = loaded.flow.id
            if flow_id in seen_here:
                self.problems.append(
                    loaded.source.problem(
                        ("id",), "id", f"flow '{flow_id}' is also defined in {seen_here[flow_id]}"
                    )
                )
                continue
            seen_here[flow_id] = loaded.source.file
            if flow_id in self.flows:
                # Said wherever the catalog is used: a flows folder from elsewhere may
                # quietly swap a shipped playbook for one of its own.
                self.replaced[flow_id] = self.flows[flow_id].source.file
            self.flows[flow_id] = loaded


def _shown(path: Path) -> str:
    # Paths under the current folder read shorter and match what the user typed.
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
