"""`wizard run` and `wizard flows` as a user calls them: real processes, real exit codes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI_FLOWS = ROOT / "tests" / "data" / "cli_flows"
BROKEN = ROOT / "tests" / "data" / "broken_flows"


def wizard(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env={"PATH": "", "PYTHONPATH": str(ROOT), "WIZARD_FLOWS": ""},
    )


def write_answers(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


def test_run_walks_to_a_resolution(tmp_path: Path):
    answers = write_answers(
        tmp_path, "facts: {name: Ada, secret_word: hunter22}\nanswers: {colour: blue}\n"
    )
    result = wizard("--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(answers))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "wizard: Hello Ada." in out
    assert "you: Blue" in out
    assert "== Diagnosis: Blue it is [blue]" in out
    assert "Ada picked blue." in out
    assert "  2. Admire it." in out
    assert "hunter22" not in out + result.stderr


def test_run_accepts_facts_on_the_command_line_and_labels_as_answers(tmp_path: Path):
    answers = write_answers(tmp_path, "answers: {colour: Red}\n")
    result = wizard(
        "--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(answers), "--fact", "name=Bob"
    )
    assert result.returncode == 0, result.stderr
    assert "Bob picked red." in result.stdout


def test_run_exits_3_naming_the_node_when_answers_run_out(tmp_path: Path):
    answers = write_answers(tmp_path, "facts: {name: Ada}\n")
    result = wizard("--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(answers))
    assert result.returncode == 3
    assert (
        "no answer for node 'colour' of flow 'pick', which waits for one of: 'red', 'blue'"
        in result.stdout
    )


def test_run_exits_3_naming_a_missing_fact(tmp_path: Path):
    answers = write_answers(tmp_path, "answers: {colour: red}\n")
    result = wizard("--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(answers))
    assert result.returncode == 3
    assert "no value for fact 'name', asked at node 'colour'" in result.stdout


def test_run_exits_2_for_an_invalid_answer(tmp_path: Path):
    answers = write_answers(tmp_path, "facts: {name: Ada}\nanswers: {colour: green}\n")
    result = wizard("--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(answers))
    assert result.returncode == 2
    assert "'green' is not an answer at 'colour'; allowed: 'red', 'blue'" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- a\n- b\n", "expected a mapping with 'facts' and 'answers'"),
        ("facts: [a]\n", "'facts' must be a mapping"),
        ("answer: {}\n", "unknown key 'answer'"),
        ("facts: {a: [\n", "not valid YAML"),
    ],
)
def test_a_bad_answers_file_is_one_clear_line(tmp_path: Path, content: str, message: str):
    answers = write_answers(tmp_path, content)
    result = wizard("--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(answers))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_run_an_unknown_flow_suggests_one(tmp_path: Path):
    answers = write_answers(tmp_path, "facts: {}\n")
    result = wizard("--flows", str(CLI_FLOWS), "run", "pik", "--answers", str(answers))
    assert result.returncode == 2
    assert "no flow 'pik' (did you mean 'pick'?)" in result.stderr


def test_run_a_missing_answers_file(tmp_path: Path):
    result = wizard(
        "--flows", str(CLI_FLOWS), "run", "pick", "--answers", str(tmp_path / "nope.yaml")
    )
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_run_without_answers_and_without_a_terminal_says_what_to_do():
    result = wizard("--flows", str(CLI_FLOWS), "run", "pick", stdin="")
    assert result.returncode == 2
    assert "needs --answers FILE" in result.stderr


def test_lint_lists_every_problem_and_exits_1():
    result = wizard(
        "flows", "lint", str(BROKEN / "05-dangling-goto.yaml"), str(BROKEN / "09-dead-end.yaml")
    )
    assert result.returncode == 1
    # The findings are lint's output: on stdout, where a pipe or a CI log reads them.
    assert "05-dangling-goto.yaml:9: nodes.check.next[0].goto: no node 'audiance'" in result.stdout
    assert "nodes.b: dead end" in result.stdout
    assert "Traceback" not in result.stderr


def test_lint_passes_on_good_flows():
    result = wizard("flows", "lint", str(CLI_FLOWS))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ flows? OK", result.stdout.strip())


def test_lint_of_a_missing_file():
    result = wizard("flows", "lint", "no/such/flow.yaml")
    assert result.returncode == 2
    assert "no such file: no/such/flow.yaml" in result.stderr


def test_flows_list_shows_user_flows_from_the_environment():
    result = subprocess.run(
        [sys.executable, "-m", "wizard", "flows", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "", "PYTHONPATH": str(ROOT), "WIZARD_FLOWS": str(CLI_FLOWS)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "pick" in result.stdout and "Pick a colour" in result.stdout


def test_schema_file_is_current():
    result = wizard("flows", "schema")
    assert result.returncode == 0
    shipped = json.loads((ROOT / "flows" / "schema.json").read_text())
    assert json.loads(result.stdout) == shipped, (
        "flows/schema.json is stale: run 'wizard flows schema > flows/schema.json'"
    )
