"""`wizard completion bash|zsh|fish`: a shell completion script, generated from the parser.

The script is derived from the same argparse definitions the commands use, so a new option
completes without editing this module. Flow ids complete where a command takes a FLOW, by
asking `wizard flows list --ids` at completion time (the user's own --flows folders count).
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")
# Commands whose first positional argument is a flow id.
FLOW_TAKERS = ("run", "flows show", "flows graph")


@dataclass
class CommandSpec:
    """What completes after one command: its options, and its nested actions."""

    name: str
    help: str
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (flag, help, value?)
    actions: dict[str, CommandSpec] = field(default_factory=dict)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description=(
            "Print a completion script for your shell. bash: source <(wizard completion bash); "
            "zsh: source <(wizard completion zsh); fish: wizard completion fish | source."
        ),
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    # By the time this runs, every command has registered its parser on `subparsers`.
    parser.set_defaults(func=lambda args: run(args, subparsers))


def run(args: argparse.Namespace, subparsers: argparse._SubParsersAction) -> int:
    commands = command_specs(subparsers)
    print(SCRIPTS[args.shell](commands), end="")
    return 0


def command_specs(subparsers: argparse._SubParsersAction) -> dict[str, CommandSpec]:
    helps = {a.dest: a.help or "" for a in subparsers._choices_actions}
    return {name: _spec(name, parser, helps.get(name, "")) for name, parser in _parsers(subparsers)}


def _parsers(action: argparse._SubParsersAction) -> list[tuple[str, argparse.ArgumentParser]]:
    # Aliases point at the same parser; keep the first name only.
    seen: dict[int, str] = {}
    for name, parser in action.choices.items():
        seen.setdefault(id(parser), name)
    return [(name, parser) for name, parser in action.choices.items() if seen[id(parser)] == name]


def _spec(name: str, parser: argparse.ArgumentParser, help_text: str) -> CommandSpec:
    spec = CommandSpec(name, help_text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            spec.actions = command_specs(action)
        for flag in action.option_strings:
            if flag.startswith("--"):
                spec.options.append((flag, action.help or "", action.nargs != 0))
    return spec


def _words(items: list[str]) -> str:
    return " ".join(items)


def bash_script(commands: dict[str, CommandSpec]) -> str:
    cases = []
    for name, spec in commands.items():
        if spec.actions:
            cases.append(f"    {name}) actions={shlex.quote(_words(list(spec.actions)))} ;;")
            for action, sub in spec.actions.items():
                opts = _words([flag for flag, _, _ in sub.options])
                cases.append(f"    '{name} {action}') opts={shlex.quote(opts)} ;;")
        opts = _words([flag for flag, _, _ in spec.options])
        cases.append(f'    {name}\\ *|{name}) opts="$opts "{shlex.quote(opts)} ;;')
    takers = "|".join(f"'{t}'" for t in FLOW_TAKERS)
    return f"""# bash completion for wizard (oidc-401 wizard): source <(wizard completion bash)
_wizard() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local command="" word i positional=0 opts="" actions=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${{COMP_WORDS[i]}}
    case $word in
      --flows|--answers|--fact|--transcript) ((i++)) ;;
      -*) ;;
      *) if [[ -z $command ]]; then command=$word
         elif [[ $command == flows && $command != *" "* ]]; then command="flows $word"
         else ((positional++)); fi ;;
    esac
  done
  if [[ -z $command ]]; then
    COMPREPLY=($(compgen -W "{_words(list(commands))} --flows --version --help" -- "$cur"))
    return
  fi
  case $command in
{chr(10).join(cases)}
  esac
  local takes_flow=0
  case $command in {takers}) takes_flow=1 ;; esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ -n $actions && $command != *" "* ]]; then
    COMPREPLY=($(compgen -W "$actions" -- "$cur"))
  elif [[ $takes_flow == 1 && $positional == 0 && $prev != -* ]]; then
    COMPREPLY=($(compgen -W "$(wizard flows list --ids 2>/dev/null)" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -F _wizard wizard
"""


def zsh_script(commands: dict[str, CommandSpec]) -> str:
    # zsh runs the bash function through bashcompinit: one definition, tested once.
    return (
        "# zsh completion for wizard (oidc-401 wizard): source <(wizard completion zsh)\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash_script(commands).split("\n", 1)[1]
    )


def fish_script(commands: dict[str, CommandSpec]) -> str:
    lines = [
        "# fish completion for wizard (oidc-401 wizard): wizard completion fish | source",
        "complete -c wizard -f",
        "complete -c wizard -n __fish_use_subcommand -l flows -r -d 'a folder of your flow files'",
    ]
    for name, spec in commands.items():
        lines.append(f"complete -c wizard -n __fish_use_subcommand -a {name} -d {_fish(spec.help)}")
        seen = f"__fish_seen_subcommand_from {name}"
        for flag, help_text, takes_value in spec.options:
            value = " -r" if takes_value else ""
            lines.append(
                f"complete -c wizard -n '{seen}' -l {flag[2:]}{value} -d {_fish(help_text)}"
            )
        for action, sub in spec.actions.items():
            lines.append(f"complete -c wizard -n '{seen}' -a {action} -d {_fish(sub.help)}")
        if name in FLOW_TAKERS:
            lines.append(
                f"complete -c wizard -n '{seen}' -a '(wizard flows list --ids 2>/dev/null)'"
            )
    lines.append(
        "complete -c wizard -n '__fish_seen_subcommand_from show graph'"
        " -a '(wizard flows list --ids 2>/dev/null)'"
    )
    return "\n".join(lines) + "\n"


def _fish(text: str) -> str:
    first = " ".join(text.split())[:80]
    return "'" + first.replace("\\", "\\\\").replace("'", "\\'") + "'"


SCRIPTS = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}
