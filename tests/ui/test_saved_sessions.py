"""Saving transcripts, autosaved sessions, recent sessions on home, resuming one."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from tests.ui.conftest import auth0_access_token, mint
from tests.ui.helpers import session, settle, shown_text
from wizard.commands.tui import print_kept_sessions
from wizard.core.checks.catalog import load_registry
from wizard.core.flow.catalog import FlowCatalog, flow_folders
from wizard.ui.screens.confirm import ConfirmScreen
from wizard.ui.screens.home import STARTING_FLOW, HomeScreen, RecentItem, ordered_flows
from wizard.ui.sessions import open_store
from wizard.ui.widgets.conversation import ResumedBanner, UserMessage


def record_notifications(app) -> list[str]:
    """Every notification the app shows from now on, kept after it expires on screen.

    A notification leaves the screen after its timeout; under load a test's steps can take
    longer than that, so reading what is shown at the end would miss one that was said.
    """
    said: list[str] = []
    shown = app.notify

    def notify(message, *args, **kwargs):
        said.append(str(message))
        return shown(message, *args, **kwargs)

    app.notify = notify
    return said


async def test_saving_twice_writes_new_markdown_and_json_files(make_app, tmp_path):
    app = make_app("ui-basic", {"aud": "api://one"})
    said = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the save dialog: its folder, as proposed
        await pilot.pause()
        first = sorted(p.name for p in tmp_path.glob("wizard-session-*"))
        (tmp_path / first[0]).write_text("edited by hand\n")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the save dialog: its folder, as proposed
        await pilot.pause()
        told = list(said)
    names = sorted(p.name for p in tmp_path.glob("wizard-session-*"))
    assert [Path(n).suffix for n in first] == [".json", ".md"]
    assert len(names) == 4 and set(first) < set(names)
    assert (tmp_path / first[0]).read_text() == "edited by hand\n"  # never overwritten
    second = sorted(set(names) - set(first))
    assert Path(second[0]).stem == Path(second[1]).stem  # the pair shares one name
    assert all(name in told[-1] for name in second)
    assert "earlier save is kept" in told[-1]


async def test_a_session_is_autosaved_listed_on_home_and_resumed(make_app, tmp_path):
    store = open_store(tmp_path / "data")
    token = auth0_access_token()
    first = make_app("ui-basic", store=store)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        session(pilot).query_one(TextArea).text = token
        await pilot.press("ctrl+j")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-discard")  # autosave kept it anyway
    assert [s.flow for s in store.recent()] == ["ui-basic"]
    kept = store.recent()[0]
    assert first.kept_sessions == [kept.id]
    assert token not in store.path_for(kept.id).read_text()

    second = make_app(store=store)
    async with second.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, HomeScreen)
        items = list(second.screen.query(RecentItem))
        assert [item.summary.id for item in items] == [kept.id]
        line = shown_text(pilot)
        assert all(part in line for part in (kept.id, "ui-basic", kept.last_node, kept.status))
        second.screen.query_one("#recent").focus()
        await pilot.press("enter")
        await settle(pilot)
        resumed = session(pilot)
        assert resumed.engine.facts["aud"] == "api://one"
        assert "token" not in resumed.engine.facts  # never saved: asked again
        assert "api://one" in [m.text for m in resumed.query(UserMessage)]
        assert resumed.query(ResumedBanner)
        assert "need them again" in shown_text(pilot)
        resumed.query_one(TextArea).text = token
        await pilot.press("ctrl+j")
        await settle(pilot)
        assert resumed.engine.facts["token"] == token
        assert resumed.session.id == kept.id and resumed.session.path is not None


async def test_wizard_resume_opens_the_app_on_the_session(make_app, tmp_path):
    store = open_store(tmp_path / "data")
    first = make_app("ui-basic", {"aud": "api://two", "token": auth0_access_token()}, store=store)
    async with first.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    transcript = store.load(store.recent()[0].id)
    app = make_app(store=store, resume=transcript)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = session(pilot)
        assert screen.history and screen.query(ResumedBanner)
        prompt = screen.engine.state.pending
        assert prompt is not None and prompt.name == "token"  # the token, asked again
        # Restarting keeps the same saved session going; home lists it.
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert screen.session.id == transcript.info.id
        assert app.kept_sessions == [transcript.info.id]
    kinds = [e.kind for e in store.load(transcript.info.id).events]
    assert "resumed" in kinds and kinds[-1] != "resumed"


async def test_a_flow_picked_on_home_is_autosaved(make_app, tmp_path):
    store = open_store(tmp_path / "data")
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"every kind", "enter")
        await settle(pilot)
        log = session(pilot).session
        assert log.path is not None and log.path.is_file()
        app.action_go_home()  # nothing answered: no question asked
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert [i.summary.id for i in app.screen.query(RecentItem)] == [log.id]
    assert app.kept_sessions == [log.id]
    assert make_app().store is None  # the tests' default: nothing written but saves


def test_triage_comes_first_in_the_shipped_flows():
    registry = load_registry()
    catalog = FlowCatalog.load(flow_folders(), registry)
    order = list(ordered_flows({fid: lf.flow for fid, lf in catalog.flows.items()}))
    assert order[0] == STARTING_FLOW
    rest = [catalog.flows[fid].flow.title.lower() for fid in order[1:]]
    assert rest == sorted(rest)


def test_after_quitting_the_cli_says_how_to_go_on(capsys):
    print_kept_sessions([])
    print_kept_sessions(["20261123-100000-aaaaaa", "20261123-100500-bbbbbb"])
    out = capsys.readouterr().out
    assert "wizard resume 20261123-100500-bbbbbb" in out and "2 sessions" in out


async def test_a_failing_autosave_is_said_once_and_the_session_goes_on(make_app, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sessions").write_text("a file where the folder should be")
    app = make_app("ui-basic", store=open_store(tmp_path / "data"))
    said = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        warned = [n for n in said if "could not be saved" in n]
        assert len(warned) == 1
        assert session(pilot).engine.facts["aud"] == "api://one"


async def keep_a_session_with(make_app, store, token: str) -> None:
    app = make_app("ui-basic", store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press(*"api://one", "enter")
        await settle(pilot)
        session(pilot).query_one(TextArea).text = token
        await pilot.press("ctrl+j")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.click("#confirm-discard")


async def resume_and_paste(pilot, app, token: str) -> None:
    await pilot.pause()
    app.screen.query_one("#recent").focus()
    await pilot.press("enter")
    await settle(pilot)
    session(pilot).query_one(TextArea).text = token
    await pilot.press("ctrl+j")
    await settle(pilot)


async def test_resuming_with_another_token_warns_and_asks(make_app, tmp_path):
    store = open_store(tmp_path / "data")
    await keep_a_session_with(make_app, store, auth0_access_token())
    other = mint({"iss": "https://tenant.eu.auth0.com/", "sub": "someone-else"})
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume_and_paste(pilot, app, other)
        assert isinstance(app.screen, ConfirmScreen)
        assert "sha256:" in shown_text(pilot) and "saved with" in shown_text(pilot)
        await pilot.click("#confirm-no")  # stop
        await settle(pilot)
        assert "token" not in session(pilot).engine.facts
        assert "saved with" in shown_text(pilot)  # the box says why it was not taken
        await pilot.press("ctrl+j")
        await settle(pilot)
        await pilot.click("#confirm-yes")  # go on with the new token
        await settle(pilot)
        assert session(pilot).engine.facts["token"] == other


async def test_resuming_with_the_same_token_asks_nothing(make_app, tmp_path):
    store = open_store(tmp_path / "data")
    token = auth0_access_token()
    await keep_a_session_with(make_app, store, token)
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await resume_and_paste(pilot, app, "Bearer " + token)
        assert not isinstance(app.screen, ConfirmScreen)
        assert session(pilot).engine.facts["token"] == "Bearer " + token


def test_after_a_demo_the_cli_does_not_offer_to_resume_it(capsys):
    from types import SimpleNamespace

    from wizard.commands.tui import _run

    for demo, said in ((object(), ""), (None, "wizard resume 20261123-100000-abcdef")):
        app = SimpleNamespace(run=lambda: 0, kept_sessions=["20261123-100000-abcdef"], demo=demo)
        assert _run(app) == 0  # type: ignore[arg-type]
        out = capsys.readouterr().out
        assert (said in out) if said else out == ""
