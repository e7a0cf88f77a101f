"""The session screen's conversation as the engine's events arrive: one widget per event,
the checks spinner while checks run, and what `back` and restart take away."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.widgets import Button

from wizard.core.vocab.result import CheckResult
from wizard.ui.messages import ChecksFinished, EventRecorded
from wizard.ui.screens.session_widgets import running_titles, widget_for
from wizard.ui.widgets.conversation import ChecksRunning, NoticeCard, ResultCard
from wizard.ui.widgets.sidepanel import SidePanel

if TYPE_CHECKING:
    from textual.app import App
    from textual.containers import VerticalScroll
    from textual.screen import Screen

    from wizard.core.flow.engine import Engine
    from wizard.core.session.session import Session


class ConversationUpdates:
    """Turns each recorded engine event into the conversation's widgets."""

    session: Session
    engine: Engine
    subtitle: str | None
    # Conversation length before each answer: `back` removes what came after.
    _marks: list[int]
    _spinner: ChecksRunning | None
    _waiting_for: set[str]

    if TYPE_CHECKING:
        app: App[object]

        @property
        def conversation(self) -> VerticalScroll: ...

        def _warn_if_not_kept(self) -> None: ...

    async def on_event_recorded(self, message: EventRecorded) -> None:
        event = message.event
        widget = widget_for(event, self.engine)
        if event.kind == "went_back":
            await self._remove_after(self._marks.pop() if self._marks else 0)
        elif event.kind == "restarted":
            self._marks.clear()
            await self._remove_after(0)
        elif event.kind == "flow_entered":
            # A handover to another playbook: the title bar names the one now being walked.
            title = str(event.data.get("title", event.flow))
            screen = cast("Screen[object]", self)
            screen.sub_title = f"{self.subtitle} · {title}" if self.subtitle else title
            if widget is not None:
                await self.conversation.mount(widget)
        elif event.kind == "checks_started":
            for button in self.conversation.query(".retry").results(Button):
                button.disabled = True  # only the latest checks can be run again
            self._waiting_for = set(event.data["checks"])
            titles = running_titles(event.data, self.session.engine)
            self._spinner = ChecksRunning(list(event.data["checks"]), titles)
            await self.conversation.mount(self._spinner)
        elif event.kind == "check_result":
            await self._show_result(str(event.data["key"]), event.data["result"])
        elif event.kind == "checks_cancelled":
            self._drop_spinner()
            notice = NoticeCard(
                "Checks cancelled",
                "Nothing was decided from them. Retry (enter) runs them again.",
                retry=True,
            )
            await self.conversation.mount(notice)
            notice.query_one(Button).focus()
        elif widget is not None:
            await self.conversation.mount(widget)
        self._warn_if_not_kept()
        self._after_change()

    async def _show_result(self, key: str, data: dict) -> None:
        result = CheckResult.from_dict(data)
        shown = list(self.conversation.query(ResultCard))
        card = ResultCard(
            key,
            result,
            repeats=any(c.same_as(result) for c in shown),
            again=any(c.result.id == result.id for c in shown),
        )
        await self.conversation.mount(card, before=self._spinner)
        self._waiting_for.discard(key)
        if not self._waiting_for and self._spinner is not None:
            keys = list(self._spinner.keys)
            self._drop_spinner()
            cast("Screen[object]", self).post_message(ChecksFinished(keys))

    async def _remove_after(self, mark: int) -> None:
        doomed = list(self.conversation.children)[mark:]
        if self._spinner in doomed:
            self._spinner = None
        focused = self.app.focused
        if focused is not None and any(focused is w or w in focused.ancestors for w in doomed):
            # Else the focus falls on the nearest card left, maybe far up, and scrolls there:
            # the step asked again would sit under the answer box, unseen, the anchor released.
            self.app.set_focus(None)
        if doomed:
            await self.conversation.remove_children(doomed)

    def _drop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.remove()
            self._spinner = None
        self._waiting_for = set()

    def _after_change(self) -> None:
        cast("Screen[object]", self).query_one(SidePanel).refresh_from(self.session)
        # Anchored, the view follows the newest message even while Markdown is still laying
        # itself out; scrolling up releases it until the next step.
        self.conversation.anchor()
