"""The flow authors' guide keeps up with the check catalog."""

from __future__ import annotations

from pathlib import Path

from wizard.core.checks.catalog import load_registry

ROOT = Path(__file__).resolve().parents[2]


def test_the_flow_authors_guide_lists_every_check():
    guide = (ROOT / "docs" / "FLOWS.md").read_text()
    missing = [check_id for check_id in load_registry() if f"`{check_id}`" not in guide]
    assert missing == [], f"add these checks to docs/FLOWS.md: {missing}"
