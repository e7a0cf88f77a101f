"""The token package's public face: a complete __all__ and a light, terminal-free import."""

from __future__ import annotations

import subprocess
import sys

import wizard.core.tokens as tokens


def test_every_public_name_is_exported() -> None:
    for name in tokens.__all__:
        assert hasattr(tokens, name), name


def test_token_checks_import_neither_the_network_stack_nor_the_terminal() -> None:
    code = (
        "import sys, wizard.core.checks.token\n"
        "print(sorted(m for m in ('httpx', 'textual', 'rich') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="."
    )
    assert out.stdout.strip() == "[]"
