"""Editing a highlight's note in a multi-line editor, or in the user's own editor."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, TextArea

from reader.ui.registry import bindings_for
from reader.ui.screens.dialogs.confirm import ConfirmDialog
from reader.ui.screens.dialogs.preview import quote_preview


class NoteDialog(ModalScreen[str | None]):
    """The note of one highlight in a multi-line editor; dismissed with the text, or None."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("NoteDialog")

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        self._quote = quote
        self._original = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = Content("Note · ctrl+s saves · escape cancels · ctrl+o editor")
            yield Label(Content(quote_preview(self._quote)), id="note-quote")
            editor = TextArea(self._original, id="note-text", soft_wrap=True)
            editor.show_line_numbers = False
            yield editor
            with Horizontal(id="note-buttons"):
                yield Button("Save", variant="primary", id="note-save")
                yield Button("Cancel", id="note-cancel")

    def on_mount(self) -> None:
        """Start typing at the end of the note."""
        editor = self.editor
        editor.focus()
        editor.move_cursor(editor.document.end)

    @property
    def editor(self) -> TextArea:
        """The text area holding the note."""
        return self.query_one("#note-text", TextArea)

    def action_save(self) -> None:
        """Close, handing back the note as written."""
        self.dismiss(self.editor.text)

    def action_cancel(self) -> None:
        """Close without saving, asking first when something was changed."""
        if self.editor.text == self._original:
            self.dismiss(None)
            return

        def decided(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Discard the changes to this note?"), decided)

    @on(Button.Pressed, "#note-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#note-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_external(self) -> None:
        """Hand the note to the user's own editor; the app waits and takes the result back."""
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command:
            self.notify(
                "No editor set: set $VISUAL or $EDITOR to edit notes in your own editor.",
                severity="warning",
                markup=False,
            )
            return
        with tempfile.TemporaryDirectory(prefix="reader-note-") as scratch:
            path = Path(scratch) / "note.md"
            path.write_text(self.editor.text, encoding="utf-8")
            try:
                with self.app.suspend():
                    finished = _run_editor(command, path)
            except SuspendNotSupported:  # no real terminal to give away (tests, pipes)
                finished = _run_editor(command, path)
            if not finished:
                self.notify(f"The editor ({command}) failed; the note is unchanged.", markup=False)
                return
            try:
                written = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                self.notify(f"The editor's note could not be read back: {error}", markup=False)
                return
        # Coming back from the editor saves: what was written there is the note.
        self.editor.text = written
        self.dismiss(written)


def _run_editor(command: str, path: Path) -> bool:
    try:
        return subprocess.run([*shlex.split(command), str(path)], check=False).returncode == 0
    except OSError:
        return False
