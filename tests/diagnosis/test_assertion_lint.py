"""`wizard flows lint` refuses a resolution shown while a check it asserts did not pass."""

from __future__ import annotations

import textwrap
from pathlib import Path

from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog

FLOW = """
id: asserting
title: A flow that asserts the signature
description: Routes on the signature's failure only.
start: start
facts:
  token: {{type: token, prompt: Paste the token.}}
nodes:
  start:
    ask: [token]
    checks: [token.signature]
    next:
{routes}
  bad-signature:
    resolution:
      title: The signature does not verify
      explanation: It does not.
      steps: [Get a fresh token.]
      rests_on: [token.signature]
  all-good:
    resolution:
      title: The token is fine
      explanation: Its signature verifies.
      steps: [Ask the service provider.]
      asserts: [{asserted}]
"""


def write_flow(tmp_path: Path, routes: str, asserted: str = "token.signature") -> Path:
    """A folder holding the flow above with these routes at its start node."""
    folder = tmp_path / "flows"
    folder.mkdir()
    text = FLOW.format(routes=textwrap.indent(routes.strip(), " " * 6), asserted=asserted)
    (folder / "asserting.yaml").write_text(text)
    return folder


def lint(tmp_path: Path, routes: str, asserted: str = "token.signature") -> list[str]:
    catalog = FlowCatalog.load([write_flow(tmp_path, routes, asserted)], load_registry())
    return [str(problem) for problem in catalog.problems]


def test_a_default_that_asserts_what_only_failure_was_routed_on_is_refused(tmp_path):
    problems = lint(
        tmp_path,
        """
- when: {failed: token.signature}
  goto: bad-signature
- goto: all-good
""",
    )
    assert len(problems) == 1
    assert "nodes.start.next" in problems[0]
    assert "failure of 'token.signature'" in problems[0]
    for status in ("warn", "skip", "error"):
        assert status in problems[0]
    assert "all-good" in problems[0]


def test_routing_on_the_pass_is_accepted(tmp_path):
    problems = lint(
        tmp_path,
        """
- when: {passed: token.signature}
  goto: all-good
- goto: bad-signature
""",
    )
    assert problems == []


def test_an_assertion_no_route_looks_at_is_refused_at_the_resolution(tmp_path):
    problems = lint(tmp_path, "- goto: all-good\n- goto: bad-signature")
    assert any("nodes.all-good.resolution.asserts[0]" in p for p in problems)


def test_an_assertion_of_a_check_never_run_is_refused(tmp_path):
    problems = lint(
        tmp_path,
        "- when: {passed: token.signature}\n  goto: all-good\n- goto: bad-signature",
        asserted="token.signature, token.lifetime",
    )
    assert any("'token.lifetime'" in p and "never run" in p for p in problems)


def test_an_unknown_asserted_key_is_named(tmp_path):
    problems = lint(
        tmp_path,
        "- when: {passed: token.signature}\n  goto: all-good\n- goto: bad-signature",
        asserted="token.signatures",
    )
    assert any("no check or alias 'token.signatures'" in p for p in problems)
