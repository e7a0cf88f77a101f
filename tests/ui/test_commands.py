"""The CLI side of the TUI: lazy imports, the factory's checks on its arguments."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.ui.fakes_ui import UI_REGISTRY
from wizard.cli import build_home_parser, build_parser, home_flows, main, opens_home
from wizard.commands.tui import build_app
from wizard.core.vocab.errors import UserError


def test_the_tui_command_module_does_not_load_textual():
    code = (
        "import sys, wizard.cli, wizard.commands.tui; "
        "wizard.cli.build_parser(); "
        "print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_unknown_flow_is_a_user_error_with_a_suggestion(catalog):
    with pytest.raises(UserError, match="ui-basic"):
        build_app(catalog, UI_REGISTRY, flow_id="ui-basik")


def test_the_factory_passes_the_clock_to_every_session(make_app):
    app = make_app()
    assert app.env_factory().now() == app.env_factory().now()
    assert app.blink is False


@pytest.mark.parametrize(
    "argv, home",
    [
        ([], True),
        (["--flows", "mine"], True),
        (["--flows=mine", "--flows", "theirs"], True),
        (["--flows"], False),  # the full parser says what is missing
        (["--flows", "mine", "check"], False),
        (["--help"], False),
        (["run", "triage"], False),
    ],
)
def test_only_wizard_with_no_command_takes_the_short_parser(argv, home):
    assert opens_home(argv) is home


def test_the_short_parser_reads_home_options_as_the_full_one_does():
    argv = ["--flows=mine", "--flows", "theirs"]
    short, full = build_home_parser().parse_args(argv), build_parser().parse_args(argv)
    assert short.flows == full.flows == home_flows(argv) == ["mine", "theirs"]
    assert full.command is None


def test_home_opens_with_its_folders_and_without_argparse(monkeypatch):
    import wizard.commands.tui

    opened = []
    monkeypatch.setattr(wizard.commands.tui, "open_home", lambda args: opened.append(args) or 0)
    assert main(["--flows", "mine", "--flows=theirs"]) == 0
    assert opened[0].flows == ["mine", "theirs"] and opened[0].command is None
    # Nothing on the way to home's first frame loads argparse (a few milliseconds of it).
    code = "import sys, wizard.cli, wizard.commands.tui; print('argparse' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
