"""For flow authors and scripts: `flows show`, `flows graph`, `flows list --ids`, completion,
`--flows` after the subcommand, answers files checked against the flows, `--fact NAME=@FILE`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI_FLOWS = ROOT / "tests" / "data" / "cli_flows"


def wizard(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(ROOT),
            "WIZARD_FLOWS": "",
            "HOME": str(cwd),
            "WIZARD_DATA_DIR": str(cwd / "data"),
        },
    )


def test_show_lists_facts_nodes_choices_and_resolutions():
    result = wizard("flows", "show", "pick", "--flows", str(CLI_FLOWS))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "pick: Pick a colour"
    assert "  secret_word (secret, optional): Say the secret word" in lines
    assert "  choice 'Blue' (blue) -> blue [sets colour=blue]" in lines
    assert "resolution blue" in lines
    assert "  fix steps: 2, references: 1" in lines


@pytest.mark.slow
def test_show_walks_a_shipped_flow_from_its_start_and_names_its_routes():
    result = wizard("flows", "show", "okta-sp-401")
    assert result.returncode == 0, result.stderr
    nodes = [
        line.split()[1]
        for line in result.stdout.splitlines()
        if line.startswith(("node ", "resolution "))
    ]
    assert nodes[0] == "start"
    assert len(nodes) == len(set(nodes))
    assert re.search(r"^  when .+ failed -> ", result.stdout, re.M)
    assert re.search(r"^  otherwise -> ", result.stdout, re.M)


@pytest.mark.slow
def test_show_on_an_80_column_terminal_wraps_under_each_lines_indent():
    from tests.flows.walking import shipped_catalog
    from wizard.core.flow.outline import fit_outline, flow_outline

    plain = flow_outline(shipped_catalog().get("keycloak-401"))
    fitted = fit_outline(plain, 80)
    assert any(len(line) > 80 for line in plain)
    assert all(len(line) <= 80 for line in fitted)
    words = [word for line in plain for word in line.split()]
    assert [word for line in fitted for word in line.split()] == words  # nothing cut
    says = next(i for i, line in enumerate(fitted) if line.startswith("  says: "))
    assert fitted[says + 1].startswith("      ") and fitted[says + 1].strip()


def test_unknown_flow_gets_did_you_mean_and_exit_2():
    result = wizard("flows", "show", "okta-sp-410")
    assert result.returncode == 2
    assert "did you mean 'okta-sp-401'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_graph_is_mermaid_by_default_with_every_node_and_edge():
    result = wizard("flows", "graph", "pick", "--flows", str(CLI_FLOWS))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart TD"
    assert sum(1 for line in lines if re.fullmatch(r"  n\d+(\[|\(\[).*", line)) == 3
    assert sum(1 for line in lines if "-->" in line) == 2
    assert any('(["blue: Blue it is"])' in line for line in lines)  # resolutions are rounded


@pytest.mark.slow
def test_graph_as_dot_quotes_every_label():
    result = wizard("flows", "graph", "okta-sp-401", "--format", "dot")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('digraph "okta-sp-401" {')
    assert result.stdout.rstrip().endswith("}")
    edges = [line for line in result.stdout.splitlines() if " -> " in line]
    assert edges and all(re.fullmatch(r'  ".+" -> ".+" \[label=".*"\];', e) for e in edges)
    assert '"generic-bearer-401:token-malformed"' in result.stdout  # a goto into another flow


@pytest.mark.slow
def test_a_hostile_title_cannot_break_out_of_a_mermaid_label(tmp_path: Path):
    flow = (
        (CLI_FLOWS / "pick.yaml")
        .read_text()
        .replace("title: Blue it is", 'title: "Blue\\"] --> evil[\\"x|y"')
    )
    (tmp_path / "pick.yaml").write_text(flow)
    result = wizard("flows", "graph", "pick", "--flows", str(tmp_path))
    assert result.returncode == 0, result.stderr
    label_line = next(line for line in result.stdout.splitlines() if "Blue" in line)
    inner = label_line.split('(["', 1)[1].rsplit('"])', 1)[0]
    assert '"' not in inner and "|" not in inner


@pytest.mark.slow
def test_flows_may_follow_the_subcommand_and_add_to_those_before_it(tmp_path: Path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "pick2.yaml").write_text(
        (CLI_FLOWS / "pick.yaml").read_text().replace("id: pick", "id: pick2")
    )
    result = wizard("--flows", str(CLI_FLOWS), "flows", "list", "--ids", "--flows", str(other))
    assert result.returncode == 0, result.stderr
    ids = result.stdout.split()
    assert {"pick", "pick2", "triage"} <= set(ids)
    assert all(" " not in line for line in result.stdout.splitlines())


@pytest.mark.slow
def test_an_answers_file_naming_an_unknown_node_is_refused(tmp_path: Path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("facts: {name: Ada}\nanswers: {colur: blue}\n")
    result = wizard("run", "pick", "--flows", str(CLI_FLOWS), "--answers", str(answers))
    assert result.returncode == 2
    assert "answers.colur" in result.stderr and "did you mean 'colour'" in result.stderr


@pytest.mark.slow
def test_fact_from_a_file_is_read_and_never_echoed(tmp_path: Path):
    (tmp_path / "name.txt").write_text("Ada\n")
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {colour: red}\n")
    result = wizard(
        "run",
        "pick",
        "--flows",
        str(CLI_FLOWS),
        "--answers",
        str(answers),
        "--fact",
        f"name=@{tmp_path / 'name.txt'}",
    )
    assert result.returncode == 0, result.stderr
    assert "Ada picked red." in result.stdout


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("name=@/no/such/file", "/no/such/file: no such file"),
        ("name=@/dev/null", "/dev/null: is a device"),
    ],
)
def test_fact_file_problems_are_one_line(tmp_path: Path, item: str, expected: str):
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {colour: red}\n")
    result = wizard(
        "run", "pick", "--flows", str(CLI_FLOWS), "--answers", str(answers), "--fact", item
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fact_without_a_name_is_refused_without_echoing_it(tmp_path: Path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {colour: red}\n")
    secret = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLWEtdG9rZW4"
    result = wizard(
        "run", "pick", "--flows", str(CLI_FLOWS), "--answers", str(answers), "--fact", secret
    )
    assert result.returncode == 2
    assert secret not in result.stderr and "c2lnbmF0dXJl" not in result.stderr


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly():
    # `wizard flows show ... | head -1`: the reader leaves after one line.
    proc = subprocess.Popen(
        [sys.executable, "-m", "wizard", "flows", "show", "generic-bearer-401"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "WIZARD_FLOWS": ""},
    )
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipe" not in err


def bash_complete(script: str, words: list[str]) -> list[str]:
    probe = (
        f"{script}\n"
        f'wizard() {{ {sys.executable} -m wizard "$@"; }}\n'
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        "_wizard; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    done = subprocess.run(
        ["bash", "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), "WIZARD_FLOWS": ""},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.slow
def test_bash_completion_completes_commands_options_actions_and_flow_ids():
    script = wizard("completion", "bash").stdout
    assert bash_complete(script, ["wizard", "re"]) == ["resume", "replay"]
    assert "--offline" in bash_complete(script, ["wizard", "check", "--of"])
    assert set(bash_complete(script, ["wizard", "flows", ""])) >= {"list", "lint", "show", "graph"}
    assert "okta-sp-401" in bash_complete(script, ["wizard", "run", ""])
    assert "--answers" in bash_complete(script, ["wizard", "--flows", "x", "run", "triage", "--a"])


def test_zsh_and_fish_scripts_cover_every_command():
    from wizard.cli import COMMANDS

    commands = set(COMMANDS)
    assert {"run", "flows", "check", "demo", "resume", "replay", "completion"} <= commands
    zsh = wizard("completion", "zsh").stdout
    assert "bashcompinit" in zsh and "complete -o filenames -F _wizard wizard" in zsh
    fish = wizard("completion", "fish").stdout.splitlines()
    assert all(line.startswith(("#", "complete -c wizard")) for line in fish)
    named = {
        m.group(1) for line in fish if (m := re.search(r"__fish_use_subcommand -a (\S+)", line))
    }
    assert named == commands
    assert any("-l answers -r" in line for line in fish)


def test_every_option_and_argument_of_every_command_has_help():
    import argparse

    from wizard.cli import build_parser, subcommand_parsers

    parser = build_parser()
    silent = [
        f"{command.prog} {action.option_strings or action.dest}"
        for command in [parser, *subcommand_parsers(parser)]
        for action in command._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert silent == []
