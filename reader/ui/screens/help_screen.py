"""Help: every key of the screen below, in sections, from the key registry and the live keymap."""

from __future__ import annotations

import textwrap
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from reader import __version__
from reader.ui.registry import (
    SCREEN_OWNERS,
    SECTIONS,
    actions_of,
    bindings_for,
    key_named,
    keys_shown,
)

HELP_TEXT_WIDTH = 66
"""The cells a line of help has (the box's 76 less its border, padding and scroll bar)."""


def help_lines(screen: Screen[Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what it does)]) for every key of `screen`, in the help's order."""
    owners = SCREEN_OWNERS.get(type(screen).__name__, (type(screen).__name__, "ReaderApp"))
    by_section: dict[str, list[tuple[str, str]]] = {section: [] for section in SECTIONS}
    for action in actions_of(owners):
        by_section[action.section].append((keys_shown(screen.app, action), action.help_text))
    return [(section, lines) for section, lines in by_section.items() if lines]


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below, with what it does, grouped in sections."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("HelpScreen")

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._sections = help_lines(screen)

    def compose(self) -> ComposeResult:
        width = max((len(keys) for _, lines in self._sections for keys, _ in lines), default=0)
        parts: list[Content | str | tuple[str, str]] = []
        room = max(20, HELP_TEXT_WIDTH - width - 2)
        for number, (section, lines) in enumerate(self._sections):
            parts.extend([("\n" if number else "", ""), (section, "bold underline"), "\n"])
            for keys, label in lines:
                # A long description wraps under itself, the keys' column kept clear.
                wrapped = textwrap.wrap(label, room) or [""]
                hanging = "\n" + " " * (width + 2)
                key_names = (keys.ljust(width), "bold $reader-strong")
                parts.extend([key_names, "  ", hanging.join(wrapped)])
                parts.append("\n")
        with VerticalScroll(id="help-body") as body:
            close = key_named(self.app, "close-help")
            body.border_title = Content(f"Keys · reader {__version__} · {close} closes")
            yield Static(Content.assemble(*parts), id="help-text")
