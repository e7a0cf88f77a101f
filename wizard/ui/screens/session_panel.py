"""The session screen's side panel: folded on narrow terminals, ctrl+b overrides that."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events

from wizard.ui.widgets.sidepanel import SidePanel

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from wizard.core.session.session import Session

# Below this width the side panel folds away by itself (ctrl+b brings it back); the
# conversation needs the columns more than the facts do.
WIDE_TERMINAL = 100


class PanelFolding:
    """Shows the side panel on wide terminals only, unless the user chose at this width."""

    session: Session
    # (wide?, shown?) as the user last set the side panel with ctrl+b; None: not yet.
    _panel_choice: tuple[bool, bool] | None = None

    if TYPE_CHECKING:
        app: App[object]

    @property
    def side_panel(self) -> SidePanel:
        return cast("Screen[object]", self).query_one(SidePanel)

    def action_toggle_panel(self) -> None:
        panel = self.side_panel
        panel.display = not panel.display
        # What the user chose holds at this width; a resize across the threshold decides anew.
        self._panel_choice = (self.app.size.width >= WIDE_TERMINAL, panel.display)
        if panel.display:
            panel.refresh_from(self.session)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_panel(event.size.width)

    def _fit_panel(self, width: int) -> None:
        """Fold the side panel below WIDE_TERMINAL columns, unless the user chose at this size."""
        wide = width >= WIDE_TERMINAL
        panel = self.side_panel
        if self._panel_choice is not None and self._panel_choice[0] == wide:
            panel.display = self._panel_choice[1]
            return
        self._panel_choice = None
        panel.display = wide
