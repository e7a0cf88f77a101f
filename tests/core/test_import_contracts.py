"""The import contracts of pyproject.toml hold, and they catch the back-edges they exist for."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def lint_imports(cwd: Path) -> subprocess.CompletedProcess[str]:
    # Run through the interpreter so the copy under test is what grimp reads.
    code = "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
    return subprocess.run(
        [sys.executable, "-c", code, "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contracts_hold_on_the_tree():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "BROKEN" not in result.stdout


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "wizard", tmp_path / "wizard", ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("importer", "imported", "contract"),
    [
        # the knot the layers were untied from: each of these once closed a cycle
        ("wizard.core.tokens.parse", "wizard.core.session.session", "layers run one way"),
        ("wizard.core.net.fetch", "wizard.core.checks.runner", "layers run one way"),
        ("wizard.core.vocab.result", "wizard.core.checks.registry", "layers run one way"),
        ("wizard.core.checks.token", "wizard.core.flow.engine", "layers run one way"),
        ("wizard.core.flow.engine", "wizard.core.session.session", "layers run one way"),
        ("wizard.core.tokens.claims", "wizard.core.net.fetch", "layers run one way"),
        ("wizard.core.checks.batch", "wizard.commands.check", "never imports a face"),
        ("wizard.core.flow.engine", "textual", "never imports a face"),
        ("wizard.commands.tui", "wizard.commands.run", "No import cycle"),
    ],
)
def test_a_back_edge_breaks_a_contract(tree_copy: Path, importer: str, imported: str, contract):
    module = tree_copy.joinpath(*importer.split("."))
    path = module / "__init__.py" if module.is_dir() else module.with_suffix(".py")
    # Deferred, inside a function: the contracts count those imports too.
    path.write_text(path.read_text() + f"\n\ndef _probe():\n    import {imported}  # noqa\n")
    result = lint_imports(tree_copy)
    assert result.returncode != 0
    assert contract in result.stdout


def import_edges(package: str, root: Path) -> dict[str, list[str]]:
    """Module -> modules it imports, for the copy of `package` under `root`.

    Built in a fresh interpreter: this one has already imported the package from the tree.
    """
    code = (
        "import json, grimp\n"
        f"graph = grimp.build_graph({package!r}, cache_dir=None)\n"
        "print(json.dumps({m: sorted(graph.find_modules_directly_imported_by(m))"
        " for m in graph.modules}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def module_cycles(package: str, root: Path) -> list[list[str]]:
    """Every strongly connected group of modules of `package` (imports of any kind count)."""
    edges = import_edges(package, root)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in edges[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_of_the_package_is_in_an_import_cycle():
    assert module_cycles("wizard", ROOT) == []


def test_a_package_that_imports_its_own_init_back_is_a_cycle(tree_copy: Path):
    keys = tree_copy / "wizard" / "demo" / "keys.py"
    keys.write_text(keys.read_text() + "\n\ndef _probe():\n    import wizard.demo  # noqa\n")
    cycles = module_cycles("wizard", tree_copy)
    assert any({"wizard.demo", "wizard.demo.keys"} <= set(group) for group in cycles)
