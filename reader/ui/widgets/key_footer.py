"""The footer: the few keys that matter on the focused screen and widget, in one line that fits.

Keys come from the registry (so a key remapped in config.toml is shown where the action is,
as it is bound now); help and quit are kept at the right at any width, and when the line is
too narrow the keys of least use are left out first (`footer_rank` 3, then 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.style import Style
from textual.widget import Widget

from reader.ui.registry import ACTIONS, BY_ID, KeyAction, actions_of, bound_keys, key_named

PINNED = ("help", "quit")
"""Always shown, at the right."""
_ORDER = {action.id: index for index, action in enumerate(ACTIONS)}
_GAP = 2


class KeyFooter(Widget):
    """One line of `key description` items, fitted to the width."""

    DEFAULT_CSS: ClassVar[str] = """
    KeyFooter {
        height: 1;
        dock: bottom;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def on_mount(self) -> None:
        """Follow the screen's bindings (focus moves, keys enabled or dimmed)."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop following them."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        self.refresh()

    def on_resize(self) -> None:
        """Fit again to the new width."""
        self.refresh()

    def items(self) -> list[FooterItem]:
        """Every key to show, in the footer's order: the focused widget's first, then the
        screen's and the app's, help and quit last."""
        found: dict[str, FooterItem] = {}
        for key, active in self.screen.active_bindings.items():
            action = BY_ID.get(active.binding.id or "")
            if action is None or not action.show:
                continue
            if action.id in found:  # a second key of the same action (`down,j`)
                continue
            shown = self.app.get_key_display(active.binding)
            default_keys = {part.strip() for part in action.keys.split(",")}
            if action.key_display and key in default_keys:
                shown = action.key_display  # "1-4", "]/[": only while the keys are the defaults
            found[action.id] = FooterItem(action, shown, key, active.enabled)
        for action in actions_of((type(self.screen).__name__,)):
            if action.show and action.id not in found:  # shadowed by the focused widget's key
                if self.screen.check_action(action.action.split("(")[0], ()) is False:
                    continue  # not offered on the screen now (attach, out of re-attaching)
                first = bound_keys(self.app, action)[0]
                found[action.id] = FooterItem(action, key_named(self.app, action.id), first, True)
        focused = self.screen.focused
        focused_owner = type(focused).__name__ if focused is not None else ""

        def order(item: FooterItem) -> tuple[int, int]:
            action = item.action
            place = 2 if action.id in PINNED else 0 if action.owner == focused_owner else 1
            return place, _ORDER[action.id]

        return sorted(found.values(), key=order)

    def fitted(self, width: int) -> list[FooterItem]:
        """The items that fit in `width` cells: the least useful, rightmost, left out first."""
        items = self.items()
        while sum(item.cells for item in items) > width:
            candidates = [
                (item.action.footer_rank, index)
                for index, item in enumerate(items)
                if item.action.id not in PINNED
            ]
            if not candidates:
                break
            items.pop(max(candidates)[1])
        return items

    def render(self) -> Content:
        """The line: keys in the footer's key colour, descriptions after; a click presses."""
        pieces: list[Content] = []
        for item in self.fitted(self.size.width - 1):
            key_style = "bold $reader-footer-key" if item.enabled else "dim"
            piece = Content.assemble(
                (item.keys, key_style),
                " ",
                (item.action.description, "" if item.enabled else "dim"),
            )
            # The key rides along as meta (not an @click action, which styles it as a link).
            pieces.append(piece.stylize(Style.from_meta({"footer_key": item.key})))
        return Content(" ").append(Content(" " * _GAP).join(pieces))

    def on_click(self, event: events.Click) -> None:
        """A click on a key presses it."""
        key = event.style.meta.get("footer_key")
        if isinstance(key, str):
            self.app.simulate_key(key)


@dataclass(frozen=True)
class FooterItem:
    """One key in the footer."""

    action: KeyAction
    keys: str
    """As shown ("1-4", "^s", "H" when remapped)."""
    key: str
    """The key a click presses."""
    enabled: bool

    @property
    def cells(self) -> int:
        """Its width, with the gap after it."""
        return len(self.keys) + 1 + len(self.action.description) + _GAP
