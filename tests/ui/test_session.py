"""A session: every input kind, the checks and their cards, back, restart, the resolution."""

from __future__ import annotations

from textual.widgets import Button, Input, TextArea

from tests.ui.conftest import auth0_access_token
from tests.ui.helpers import conversation_kinds, session, settle, shown_text
from wizard.core.vocab.result import Status
from wizard.ui.messages import AnswerGiven, ChecksFinished, EventRecorded, PromptReached
from wizard.ui.screens.confirm import ConfirmScreen
from wizard.ui.widgets.answers import ChoiceAnswer, LineAnswer, PasteAnswer
from wizard.ui.widgets.conversation import FlowBanner, ResolutionCard, ResultCard, UserMessage
from wizard.ui.widgets.paths import PathSuggester


async def answer_line(pilot, text: str) -> None:
    await pilot.press(*text) if text else None
    await pilot.press("enter")
    await settle(pilot)


async def walk_to_the_choice(pilot, token: str, config_path: str) -> None:
    """Answer ui-basic's four facts: text, token (pasted), secret, file."""
    await settle(pilot)
    await answer_line(pilot, "api://wrong")
    session(pilot).query_one(TextArea).text = "Bearer " + token
    await pilot.press("ctrl+j")
    await settle(pilot)
    await answer_line(pilot, "s3cr3t-value")
    session(pilot).query_one(Input).value = config_path
    await pilot.press("enter")
    await settle(pilot)


async def test_each_fact_type_gets_the_input_that_fits(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        box = session(pilot).query_one(LineAnswer)
        field = box.query_one(Input)
        assert app.focused is field
        assert field.placeholder == "e.g. api://default"
        assert not field.password
        await answer_line(pilot, "api://wrong")
        assert isinstance(app.focused, TextArea)
        assert session(pilot).query_one(PasteAnswer)
        session(pilot).query_one(TextArea).text = auth0_access_token()
        await pilot.click(".submit")
        await settle(pilot)
        secret = session(pilot).query_one(Input)
        assert secret.password
        await answer_line(pilot, "s3cr3t-value")
        path_input = session(pilot).query_one(Input)
        assert isinstance(path_input.suggester, PathSuggester)
        (tmp_path / "config.yml").write_text("a: 1\n")
        suggestion = await PathSuggester().get_suggestion(str(tmp_path / "con"))
        assert suggestion == str(tmp_path / "config.yml")
        await answer_line(pilot, str(tmp_path / "config.yml"))
        assert session(pilot).query_one(ChoiceAnswer)


async def test_checks_show_a_card_each_with_fix_and_evidence(make_app, tmp_path):
    token = auth0_access_token()
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to_the_choice(pilot, token, str(tmp_path))
        cards = {card.key: card for card in session(pilot).query(ResultCard)}
        assert set(cards) == {"fake.audience", "echo", "ui.claim"}
        assert cards["fake.audience"].result.status is Status.FAIL
        assert cards["fake.audience"].has_class("-fail")
        assert cards["echo"].has_class("-warn")
        text = shown_text(pilot)
        assert "✗ Audience (fake)" in text
        assert "aud is 'api://wrong', expected 'api://default'" in text
        assert "Fix: request the right audience" in text  # never behind a click
        assert cards["ui.claim"].query("Collapsible")  # evidence, folded
        # Credentials are never on screen: the token and the secret appear masked.
        assert token not in text and token.split(".")[2] not in text
        assert "s3cr3t-value" not in text
        answers = [str(m.text) for m in session(pilot).query(UserMessage)]
        assert answers[1].startswith("[token sha256:")
        assert answers[2].startswith("[secret, 12 chars")


async def test_number_keys_pick_a_choice_and_lead_to_the_resolution(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to_the_choice(pilot, auth0_access_token(), str(tmp_path))
        await pilot.press("2")
        await settle(pilot)
        card = session(pilot).query_one(ResolutionCard)
        assert card.finished.title == "Set the audience of the custom server"
        labels = [str(b.label) for b in card.query(Button)]
        assert labels == ["Save transcript", "Start over", "Back to home"]
        assert "1. Open Security > API > Authorization Servers." in shown_text(pilot) or (
            session(pilot).engine.pending.steps[0].startswith("Open Security")
        )


async def test_an_answer_that_does_not_fit_is_refused_in_place(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await answer_line(pilot, "")  # aud is required
        box = session(pilot).query_one(LineAnswer)
        error = box.query_one(".answer-error")
        assert error.display
        assert "'aud' is needed here" in str(error.render())
        assert session(pilot).engine.pending.name == "aud"


async def test_back_undoes_the_last_answer_and_its_bubble(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = conversation_kinds(pilot)
        await answer_line(pilot, "api://one")
        assert "UserMessage" in conversation_kinds(pilot)
        await pilot.press("alt+left")  # ctrl+z belongs to the paste area's undo here
        await settle(pilot)
        assert conversation_kinds(pilot) == before
        assert session(pilot).engine.pending.name == "aud"
        assert "aud" not in session(pilot).engine.facts
        await answer_line(pilot, "api://two")
        assert session(pilot).engine.facts["aud"] == "api://two"


async def test_back_over_checks_and_a_choice(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to_the_choice(pilot, auth0_access_token(), str(tmp_path))
        await pilot.press("1")
        await settle(pilot)
        assert session(pilot).query(ResolutionCard)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not session(pilot).query(ResolutionCard)
        assert session(pilot).query_one(ChoiceAnswer)
        await pilot.press("ctrl+z")  # the file answer, and the checks that followed it
        await settle(pilot)
        assert not session(pilot).query(ResultCard)
        assert session(pilot).engine.pending.name == "config"


async def test_restart_starts_the_flow_over(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        start = conversation_kinds(pilot)
        await answer_line(pilot, "api://one")
        await pilot.press("ctrl+r")  # it asks first: an answer would be wiped
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("enter")  # the focused, safe answer: keep going
        await pilot.pause()
        assert session(pilot).engine.facts == {"aud": "api://one"}
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert conversation_kinds(pilot) == start
        assert session(pilot).engine.facts == {}


async def test_the_message_flow_of_one_answer(make_app):
    app = make_app("ui-basic")
    seen: list[str] = []
    handled: dict[int, object] = {}  # holding the message keeps its id unique

    def record(message) -> None:
        # A bubbling message reaches the hook once per widget it passes; count it once.
        if id(message) in handled:
            return
        handled[id(message)] = message
        if isinstance(message, AnswerGiven | PromptReached | ChecksFinished):
            seen.append(type(message).__name__)
        elif isinstance(message, EventRecorded):
            seen.append(message.event.kind)

    async with app.run_test(size=(100, 30), message_hook=record) as pilot:
        await settle(pilot)
        assert seen == ["flow_entered", "said", "asked", "PromptReached"]
        seen.clear()
        await answer_line(pilot, "api://one")
        assert seen == ["AnswerGiven", "answered", "asked", "PromptReached"]


async def test_checks_finished_is_sent_once_every_card_is_in(make_app, tmp_path):
    app = make_app("ui-basic")
    finished: list[list[str]] = []

    def record(message) -> None:
        if isinstance(message, ChecksFinished):
            finished.append(sorted(message.keys))

    async with app.run_test(size=(100, 30), message_hook=record) as pilot:
        await walk_to_the_choice(pilot, auth0_access_token(), str(tmp_path))
        assert finished == [["echo", "fake.audience", "ui.claim"]]


async def test_number_keys_work_with_the_focus_in_the_conversation(make_app, tmp_path):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await walk_to_the_choice(pilot, auth0_access_token(), str(tmp_path))
        session(pilot).conversation.focus()
        await pilot.pause()
        await pilot.press("2")
        await settle(pilot)
        assert session(pilot).engine.pending.node == "custom-aud"


async def test_choice_labels_are_shown_as_written(make_app, catalog):
    from wizard.core.flow.engine import AskChoice
    from wizard.core.flow.model import Choice
    from wizard.ui.widgets.answers import answer_box_for

    label = 'The login ends in {"statusCode":401} [bold]x[/bold]'
    prompt = AskChoice("f", "n", "", (Choice(label=label, goto="end"),))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.screen.mount(answer_box_for(prompt))
        await pilot.pause()
        button = app.screen.query_one("Button.choice", Button)
        assert str(button.label) == f"1  {label}"


async def test_restart_after_taking_the_only_answer_back_does_not_ask(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await answer_line(pilot, "api://one")
        await session(pilot).action_back()  # no answer stands any more
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)  # nothing left to wipe
        await settle(pilot)
        assert "restarted" in [event.kind for event in session(pilot).engine.events]


async def test_ctrl_z_in_an_empty_token_box_goes_back_and_undoes_typing_otherwise(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await answer_line(pilot, "api://one")
        area = session(pilot).query_one(TextArea)
        assert app.focused is area
        await pilot.press(*"abc")
        await pilot.press("ctrl+z")  # text in the box: the box's own undo
        await settle(pilot)
        assert area.text != "abc" and session(pilot).engine.pending.name == "token"
        area.clear()
        await pilot.pause()
        await pilot.press("ctrl+z")  # an empty box: the footer's Back
        await settle(pilot)
        assert session(pilot).engine.pending.name == "aud"
        assert "aud" not in session(pilot).engine.facts


async def test_the_flow_banner_names_the_flow_by_its_title(make_app, catalog):
    app = make_app("ui-basic")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        banner = session(pilot).query_one(FlowBanner)
        shown = str(banner.render())
        assert catalog.flows["ui-basic"].flow.title in shown
        assert "ui-basic" not in shown


async def test_an_answer_box_gone_before_it_is_focused_raises_nothing(make_app):
    app = make_app("ui-basic")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = session(pilot).query_one(LineAnswer)
        await box.remove()  # as at a quit: the box and its children are torn down
        box.focus_input()
