"""Editing a highlight's note and its tags, each in a small modal dialog."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, TextArea

from reader.core.annotations import AnnotationFilter, Color
from reader.ui.widgets.article_layout import wrap_lines

QUOTE_PREVIEW_ROWS = 3
"""Rows of the quote shown above the editor."""


def quote_preview(quote: str, width: int = 62) -> str:
    """The start of a quote, wrapped to a few rows, with an ellipsis when cut."""
    lines = wrap_lines(" ".join(quote.split()), width)
    shown = lines[:QUOTE_PREVIEW_ROWS]
    text = "\n".join(shown)
    return f"“{text}{'…' if len(lines) > len(shown) else ''}”"


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Label(Content(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button("Discard (y)", variant="error", id="confirm-yes")
                yield Button("Keep editing (n)", id="confirm-no")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, message: Button.Pressed) -> None:
        self.dismiss(message.button.id == "confirm-yes")


class NoteDialog(ModalScreen[str | None]):
    """The note of one highlight in a multi-line editor; dismissed with the text, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", tooltip="Save the note", id="note-save"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="note-cancel"),
        Binding(
            "ctrl+o", "external", "Editor", tooltip="Edit in $VISUAL or $EDITOR", id="note-editor"
        ),
    ]

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
            self.editor.text = path.read_text(encoding="utf-8")


def _run_editor(command: str, path: Path) -> bool:
    try:
        return subprocess.run([*shlex.split(command), str(path)], check=False).returncode == 0
    except OSError:
        return False


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from tags already in use."""

    def __init__(self, known: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._known = sorted(set(known), key=str.casefold)

    async def get_suggestion(self, value: str) -> str | None:
        """The value with the last tag completed, if a known tag starts with it."""
        head, _, partial = value.rpartition(",")
        typed = partial.lstrip()
        if not typed:
            return None
        chosen = {tag.strip().casefold() for tag in head.split(",")}
        for tag in self._known:
            if tag.casefold().startswith(typed.casefold()) and tag.casefold() not in chosen:
                prefix = value[: len(value) - len(typed)]
                return prefix + tag
        return None


class TagsDialog(ModalScreen[list[str] | None]):
    """The tags of one highlight, comma-separated, with completion; dismissed with the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving", id="tags-cancel"),
    ]

    def __init__(self, quote: str, tags: Iterable[str], known: Iterable[str]) -> None:
        super().__init__()
        self._quote = quote
        self._tags = list(tags)
        self._known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog") as dialog:
            dialog.border_title = Content("Tags · enter saves · → accepts a suggestion")
            yield Label(Content(quote_preview(self._quote)), id="tags-quote")
            yield Input(
                ", ".join(self._tags),
                placeholder="tags, separated by commas",
                suggester=TagSuggester(self._known),
                id="tags-input",
            )

    def on_mount(self) -> None:
        """Type straight away, after the tags already there."""
        field = self.query_one(Input)
        field.focus()
        if field.value:
            field.value += ", "
            field.cursor_position = len(field.value)

    @on(Input.Submitted, "#tags-input")
    def _save(self, message: Input.Submitted) -> None:
        self.dismiss([tag for tag in message.value.split(",")])

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


class FilterDialog(ModalScreen[AnnotationFilter | None]):
    """Which highlights the pane lists: by tag (any of them) and by colour (any of them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing", id="filter-cancel"),
    ]

    def __init__(self, current: AnnotationFilter, known: Iterable[str]) -> None:
        super().__init__()
        self._current = current
        self._known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-dialog") as dialog:
            dialog.border_title = Content("Filter the pane · enter applies · escape cancels")
            yield Input(
                ", ".join(self._current.tags),
                placeholder="tags (any of them), separated by commas",
                suggester=TagSuggester(self._known),
                id="filter-tags",
            )
            with Horizontal(id="filter-colors"):
                for color in Color:
                    yield Checkbox(
                        Content(color.value),
                        color in self._current.colors,
                        id=f"filter-{color.value}",
                    )
            with Horizontal(id="filter-buttons"):
                yield Button("Apply", variant="primary", id="filter-apply")
                yield Button("Show all", id="filter-clear")

    def on_mount(self) -> None:
        """Start in the tags field."""
        self.query_one("#filter-tags", Input).focus()

    def _chosen(self) -> AnnotationFilter:
        tags = tuple(tag.strip() for tag in self.query_one("#filter-tags", Input).value.split(","))
        colors = tuple(
            color for color in Color if self.query_one(f"#filter-{color.value}", Checkbox).value
        )
        return AnnotationFilter(tuple(tag for tag in tags if tag), colors)

    @on(Input.Submitted, "#filter-tags")
    @on(Button.Pressed, "#filter-apply")
    def _apply(self) -> None:
        self.dismiss(self._chosen())

    @on(Button.Pressed, "#filter-clear")
    def _clear(self) -> None:
        self.dismiss(AnnotationFilter())

    def action_cancel(self) -> None:
        """Close without changing the filter."""
        self.dismiss(None)
