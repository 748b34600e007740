"""Editing a highlight's tags, with completion from the tags the library already has."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
from reader.ui.screens.dialogs.preview import quote_preview

_SPACE_IN_A_TAG = re.compile(r"(?<=[^\s,])\s")


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


class TagInput(Input):
    """The tags field: a space typed (or pasted) inside a tag becomes a hyphen as it goes in
    (a tag has one form, the one Obsidian accepts); a space after a comma stays a separator.
    Done in the same step as the typing: a later fix-up, from the text as it was, dropped the
    letters typed meanwhile and moved the cursor back."""

    def replace(self, text: str, start: int, end: int) -> None:
        """Put `text` in place of `[start, end)`, every space inside a tag a hyphen."""
        super().replace(text, start, end)
        hyphenated = _SPACE_IN_A_TAG.sub("-", self.value)
        if hyphenated != self.value:  # (as long as before: the cursor stays where it is)
            cursor = self.cursor_position
            self.value = hyphenated
            self.cursor_position = cursor


class TagsDialog(ModalScreen[list[str] | None]):
    """The tags of one highlight, comma-separated, with completion; dismissed with the list."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("TagsDialog")

    def __init__(self, quote: str, tags: Iterable[str], known: Iterable[str]) -> None:
        super().__init__()
        self._quote = quote
        self._tags = list(tags)
        self._known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical(id="tags-dialog") as dialog:
            dialog.border_title = Content("Tags · enter saves · → accepts a suggestion")
            yield Label(Content(quote_preview(self._quote)), id="tags-quote")
            yield TagInput(
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
