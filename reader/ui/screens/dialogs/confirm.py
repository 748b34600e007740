"""A yes/no question."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label

from reader.ui.registry import bindings_for


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("ConfirmDialog")

    def __init__(
        self,
        question: str,
        yes: str = "Discard (y)",
        no: str = "Keep editing (n)",
        safe_first: bool = False,
    ) -> None:
        super().__init__()
        self._question = question
        self._yes, self._no = yes, no
        self._safe_first = safe_first
        """Focus the no button (a question that pops up unasked: a stray enter says no)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(Content(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(self._yes, variant="error", id="confirm-yes")
                yield Button(self._no, id="confirm-no")

    def on_mount(self) -> None:
        """The no button takes an enter first when the question came unasked."""
        if self._safe_first:
            self.query_one("#confirm-no", Button).focus()

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, message: Button.Pressed) -> None:
        self.dismiss(message.button.id == "confirm-yes")
