"""Asking for a file: a path typed with completion from the folders on disk."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from reader.ui.registry import bindings_for

MAX_LISTED = 2000
"""Entries of one folder looked at for a completion (a huge folder is not read whole)."""


class PathSuggester(Suggester):
    """Completes the last part of a path from the files and folders that exist."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The value with its last part completed, when one entry of its folder starts so."""
        if not value:
            return None
        folder_part, _, partial = value.rpartition("/")
        folder = Path(os.path.expanduser(folder_part or ".")) if folder_part or partial else None
        if folder is None or not partial:
            return None
        try:
            with os.scandir(folder) as entries:
                names = sorted(
                    entry.name + ("/" if entry.is_dir() else "")
                    for _, entry in zip(range(MAX_LISTED), entries, strict=False)
                    if entry.name.startswith(partial) and not entry.name.startswith(".")
                )
        except OSError:
            return None
        return f"{folder_part}/{names[0]}" if folder_part and names else names[0] if names else None


class PathDialog(ModalScreen[Path | None]):
    """One path, typed with completion (→ accepts); dismissed with it, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("PathDialog")

    def __init__(self, question: str, start: str = "") -> None:
        super().__init__()
        self._question = question
        self._start = start

    def compose(self) -> ComposeResult:
        with Vertical(id="path-dialog") as dialog:
            dialog.border_title = Content("enter chooses · → completes · escape cancels")
            yield Label(Content(self._question), id="path-question")
            yield Input(self._start, placeholder="~/articles/…", suggester=PathSuggester())

    def on_mount(self) -> None:
        """Type straight away."""
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _chosen(self, message: Input.Submitted) -> None:
        typed = message.value.strip()
        self.dismiss(Path(os.path.expanduser(typed)) if typed else None)

    def action_cancel(self) -> None:
        """Close without a path."""
        self.dismiss(None)
