"""The core never loads the terminal UI, and neither do the headless commands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI_MODULES = ("textual", "rich", "wizard.ui")


def loaded_ui_modules(code: str) -> list[str]:
    probe = f"""
import sys
{code}
tops = {{m.split('.')[0] for m in sys.modules}}
tops |= {{m for m in sys.modules if m.startswith('wizard.ui')}}
print(sorted(tops & set({UI_MODULES!r})))
"""
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])  # a list literal printed above


def all_core_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "wizard" / "core").rglob("*.py")
    )


def test_every_core_module_imports_without_the_ui():
    imports = "\n".join(f"import {name}" for name in all_core_modules())
    assert loaded_ui_modules(imports) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["flows", "lint"],
        ["flows", "list"],
        ["run", "pick", "--answers", "tests/data/pick-answers.yaml"],
    ],
)
def test_headless_commands_do_not_load_the_ui(argv: list[str]):
    code = f"""
from wizard.cli import main
try:
    main(["--flows", "tests/data/cli_flows", *{argv!r}])
except SystemExit:
    pass
"""
    assert loaded_ui_modules(code) == []
