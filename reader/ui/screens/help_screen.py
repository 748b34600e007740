"""Help built from the live bindings of the screen underneath, so it can never drift."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def binding_lines(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, description) of every binding with an id active on `screen`, in order, merged."""
    seen: dict[str, list[str]] = {}
    order: list[str] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.id or not binding.description:
            continue
        label = binding.tooltip or binding.description
        if binding.id not in seen:
            seen[binding.id] = []
            order.append(binding.id)
            seen[binding.id].append(label)
        seen[binding.id].append(screen.app.get_key_display(Binding(key, binding.action)))
    lines = []
    for binding_id in order:
        label, *keys = seen[binding_id]
        lines.append((" ".join(dict.fromkeys(keys)), label))
    return lines


class HelpScreen(ModalScreen[None]):
    """Every key of the screen below, with what it does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self._lines = binding_lines(screen)

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self._lines), default=0)
        parts: list[Content | str | tuple[str, str]] = []
        for keys, label in self._lines:
            parts.extend([(keys.ljust(width), "bold $accent"), "  ", label, "\n"])
        with VerticalScroll(id="help-body") as body:
            body.border_title = Content("Keys · escape closes")
            yield Static(Content.assemble(*parts), id="help-text")
