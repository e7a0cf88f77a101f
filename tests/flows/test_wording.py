"""What the user reads names things in the user's terms: every shipped flow, every check message.

No internal check id (`token.claims`) in text meant for people: the card's title instead; ids
stay in the transcript's tables and in --json. No `{placeholder}` left for the user to fill.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import shipped_flows_dir
from wizard.core.flow.model import FACT_REFERENCE
from wizard.core.tokens.audience_rules import audience_fix

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = load_registry()
# The dotted ids are the internal ones; a one-word alias ("scopes") is ordinary English.
CHECK_ID = re.compile(
    r"(?<![\w./-])("
    + "|".join(re.escape(i) for i in sorted(REGISTRY, key=len, reverse=True) if "." in i)
    + r")(?![\w-])"
)
# A family of them by wildcard (`token.*`) is no more a word for people than one id; but
# `okta.*` is also the name of Okta's own scopes (okta.users.read), which the text may name.
CHECK_FAMILY = re.compile(
    r"(?<![\w./-])("
    + "|".join(sorted({re.escape(i.split(".")[0]) for i in REGISTRY if "." in i} - {"okta"}))
    + r")\.\*"
)
# Keys of a flow file whose values are routing, not text for people.
NOT_SHOWN = {
    "checks",
    "next",
    "when",
    "goto",
    "id",
    "start",
    "asserts",
    "rests_on",
    "applies",
    "set",
}
# Modules whose text the user reads through check results.
MESSAGE_PACKAGES = ("checks", "tokens", "net", "opensearch")
# Templates filled with str.format before anyone reads them (audience_fix, tested below).
TEMPLATE_MODULES = {"wizard/core/tokens/audience_rules.py"}
SHIPPED = sorted(shipped_flows_dir().glob("*.yaml"))


def shown_text(node: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every string of a flow file a user may read, with where it sits."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_SHOWN:
                yield from shown_text(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from shown_text(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path, node


def run_names(node: object) -> Iterator[str]:
    """The names a flow gives its check runs (`as: name-given`): routing, not words."""
    if isinstance(node, dict):
        if isinstance(node.get("as"), str) and "id" in node:
            yield node["as"]
        for value in node.values():
            yield from run_names(value)
    elif isinstance(node, list):
        for value in node:
            yield from run_names(value)


@pytest.mark.parametrize("flow_file", SHIPPED, ids=lambda p: p.stem)
def test_a_flow_speaks_of_cards_by_their_titles_not_their_run_names(flow_file: Path):
    document = yaml.safe_load(flow_file.read_text())
    # A one-word name ("scopes") is ordinary English; a hyphenated one is the flow's own key.
    names = sorted({name for name in run_names(document) if "-" in name}, key=len, reverse=True)
    if not names:
        return
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
    found = [
        f"{where}: {match.group(0)}"
        for where, text in shown_text(document)
        for match in pattern.finditer(text)
    ]
    assert found == []


@pytest.mark.parametrize("flow_file", SHIPPED, ids=lambda p: p.stem)
def test_a_flow_speaks_of_cards_by_their_titles_not_their_ids(flow_file: Path):
    document = yaml.safe_load(flow_file.read_text())
    found = [
        f"{where}: {match.group(0)}"
        for where, text in shown_text(document)
        for match in [*CHECK_ID.finditer(text), *CHECK_FAMILY.finditer(text)]
    ]
    assert found == []


@pytest.mark.parametrize("flow_file", SHIPPED, ids=lambda p: p.stem)
def test_a_flow_fills_every_placeholder_it_writes(flow_file: Path):
    document = yaml.safe_load(flow_file.read_text())
    known = set(document.get("facts") or {}) | {
        name for spec in REGISTRY.values() for name in spec.learns
    }
    unknown = [
        f"{where}: {{{name}}}"
        for where, text in shown_text(document)
        for name in FACT_REFERENCE.findall(text)
        if name not in known
    ]
    assert unknown == []


def message_strings() -> Iterator[tuple[str, int, str]]:
    """Every string literal of the check-message modules, docstrings left out."""
    for package in MESSAGE_PACKAGES:
        for module in sorted((ROOT / "wizard" / "core" / package).rglob("*.py")):
            tree = ast.parse(module.read_text())
            docstrings = {
                id(owner.body[0].value)
                for owner in ast.walk(tree)
                if isinstance(
                    owner, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                )
                if owner.body
                and isinstance(owner.body[0], ast.Expr)
                and isinstance(owner.body[0].value, ast.Constant)
            }
            # Pieces of an f-string are filled when it runs; only plain literals can be left.
            in_fstrings = {
                id(part)
                for node in ast.walk(tree)
                if isinstance(node, ast.JoinedStr)
                for part in node.values
            }
            relative = module.relative_to(ROOT).as_posix()
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                ):
                    kind = "f" if id(node) in in_fstrings else ""
                    yield f"{kind}{relative}", node.lineno, node.value


def test_check_messages_never_name_another_check_by_its_id():
    found = [
        f"{where}:{line}: {match.group(0)}"
        for where, line, text in message_strings()
        if text.strip() not in REGISTRY  # the id itself, as a registry key or a condition
        for match in [*CHECK_ID.finditer(text), *CHECK_FAMILY.finditer(text)]
    ]
    assert found == []


def test_check_messages_leave_no_placeholder_unfilled():
    found = [
        f"{where}:{line}: {text[:60]}"
        for where, line, text in message_strings()
        if not where.startswith("f")
        and where not in TEMPLATE_MODULES
        and FACT_REFERENCE.search(text)
    ]
    assert found == []


@pytest.mark.parametrize("provider", ["okta-org", "okta-custom", "auth0", "azure", "", "other"])
@pytest.mark.parametrize("kind", ["access", "id"])
def test_the_audience_fix_templates_are_filled(provider: str, kind: str):
    for target in ("api://default", None):
        assert "{" not in audience_fix(provider, kind, target)


@pytest.mark.parametrize("flow_file", SHIPPED, ids=lambda p: p.stem)
def test_no_fix_step_asks_to_save_the_session_it_is_saved_in(flow_file: Path):
    # A resolution's steps end up in the transcript: "save this session" there reads wrong.
    document = yaml.safe_load(flow_file.read_text())
    steps = [
        step
        for node in (document.get("nodes") or {}).values()
        for step in ((node.get("resolution") or {}).get("steps") or [])
    ]
    assert [s for s in steps if "ctrl+s" in s.lower() or "save this session" in s.lower()] == []


# Questions only the user can answer: put by a step that neither asks nor offers choices, they
# leave the user wondering where to answer.
USERS_QUESTION = re.compile(r"(?i)\b(which one|which of them|did you|have you|do you)\b[^.?!]*\?")


@pytest.mark.parametrize("flow_file", SHIPPED, ids=lambda p: p.stem)
def test_a_step_that_puts_a_question_to_the_user_asks_it(flow_file: Path):
    document = yaml.safe_load(flow_file.read_text())
    unasked = []
    for node_id, node in (document.get("nodes") or {}).items():
        if not isinstance(node, dict) or node.get("choices") or node.get("ask"):
            continue
        say = node.get("say") or ""
        question = USERS_QUESTION.search(say) if isinstance(say, str) else None
        if question or (
            isinstance(say, str) and say.strip().endswith("?") and not node.get("checks")
        ):
            unasked.append(f"{node_id}: {say.strip()[-80:]}")
    assert not unasked, unasked


@pytest.mark.parametrize("flow_file", SHIPPED, ids=lambda p: p.stem)
def test_a_step_that_offers_choices_asks_a_question(flow_file: Path):
    """The user picks an answer: the step's last sentence is the question it answers."""
    document = yaml.safe_load(flow_file.read_text())
    statements = [
        node_id
        for node_id, node in (document.get("nodes") or {}).items()
        if node.get("choices") and not str(node.get("say", "")).strip().endswith("?")
    ]
    assert statements == []
