"""Every key of the app, declared once: its id, keys, words, section, and where it applies.

Bindings of screens and widgets are built from this table; so are the check of `[keys]` in
the settings, the help, the footer and the palette. A test walks every screen and widget to
prove that none declares a binding of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

READING = "Reading"
SELECTING = "Selecting and highlighting"
NOTES = "Notes and tags"
LIBRARY = "Library and export"
DIALOGS = "Dialogs"
SECTIONS = (READING, SELECTING, NOTES, LIBRARY, DIALOGS)
"""Help's sections, in the order shown."""


@dataclass(frozen=True)
class KeyAction:
    """One binding: what it is called, its default keys, and how it is shown."""

    id: str
    """The name `[keys]` in config.toml remaps it by."""
    owner: str
    """The class whose bindings it belongs to (a screen, a widget, a dialog or the app)."""
    keys: str
    action: str
    description: str
    section: str
    tooltip: str = ""
    show: bool = False
    """Shown in the footer."""
    key_display: str | None = None
    needs_annotations: bool = False
    """Waits (dimmed) until the article's annotations have been loaded."""
    command: bool = False
    """Offered in the command palette (motions are not)."""

    @property
    def help_text(self) -> str:
        """What help says the key does."""
        return self.tooltip or self.description

    def binding(self) -> Binding:
        """The Textual binding."""
        return Binding(
            self.keys,
            self.action,
            self.description,
            show=self.show,
            key_display=self.key_display,
            tooltip=self.tooltip,
            id=self.id,
        )


def _k(
    id: str, owner: str, keys: str, action: str, description: str, section: str, **extra: object
) -> KeyAction:
    return KeyAction(id, owner, keys, action, description, section, **extra)  # type: ignore[arg-type]


_COLORS = (("1", "yellow"), ("2", "green"), ("3", "blue"), ("4", "pink"))

ACTIONS: tuple[KeyAction, ...] = (
    # The app: everywhere.
    _k("quit", "ReaderApp", "q", "quit", "Quit", LIBRARY, tooltip="Leave reader", show=True),
    _k(
        "help",
        "ReaderApp",
        "question_mark,f1",
        "help",
        "Help",
        READING,
        tooltip="Show every key",
        show=True,
    ),
    _k(
        "search-all",
        "ReaderApp",
        "ctrl+f",
        "search_all",
        "Search all",
        LIBRARY,
        tooltip="Search every annotation in the library",
        command=True,
    ),
    # The reading screen.
    _k(
        "highlight",
        "ReaderScreen",
        "h",
        "highlight",
        "Highlight",
        SELECTING,
        tooltip="Highlight the selection or sentence",
        show=True,
        needs_annotations=True,
        command=True,
    ),
    *(
        _k(
            f"color-{name}",
            "ReaderScreen",
            key,
            f"color('{name}')",
            "Colour" if key == "1" else name.title(),
            SELECTING,
            tooltip=f"Colour the selection or highlight {name}",
            show=key == "1",
            key_display="1-4" if key == "1" else None,
            needs_annotations=True,
            command=True,
        )
        for key, name in _COLORS
    ),
    _k(
        "note",
        "ReaderScreen",
        "a",
        "note",
        "Note",
        NOTES,
        tooltip="Write a note on the highlight",
        show=True,
        needs_annotations=True,
        command=True,
    ),
    _k(
        "tags",
        "ReaderScreen",
        "t",
        "tags",
        "Tags",
        NOTES,
        tooltip="Edit the highlight's tags",
        show=True,
        needs_annotations=True,
        command=True,
    ),
    _k(
        "delete",
        "ReaderScreen",
        "x",
        "delete",
        "Delete",
        SELECTING,
        tooltip="Delete the highlight under the cursor",
        needs_annotations=True,
        command=True,
    ),
    _k(
        "undo",
        "ReaderScreen",
        "u",
        "undo",
        "Undo",
        SELECTING,
        tooltip="Undo the last annotation change",
        needs_annotations=True,
        command=True,
    ),
    _k(
        "redo",
        "ReaderScreen",
        "ctrl+r",
        "redo",
        "Redo",
        SELECTING,
        tooltip="Redo the change undone",
        needs_annotations=True,
        command=True,
    ),
    _k(
        "next-highlight",
        "ReaderScreen",
        "]",
        "next_highlight",
        "Next/Prev",
        READING,
        tooltip="Jump to the next highlight",
        show=True,
        key_display="]/[",
        needs_annotations=True,
    ),
    _k(
        "previous-highlight",
        "ReaderScreen",
        "[",
        "previous_highlight",
        "Prev",
        READING,
        tooltip="Jump to the previous highlight",
        needs_annotations=True,
    ),
    _k(
        "copy",
        "ReaderScreen",
        "y,ctrl+c",
        "copy",
        "Copy",
        SELECTING,
        tooltip="Copy the selection or highlight",
        command=True,
    ),
    _k(
        "export",
        "ReaderScreen",
        "e",
        "export",
        "Export",
        LIBRARY,
        tooltip="Write this article's note",
        needs_annotations=True,
        command=True,
    ),
    _k(
        "filter-pane",
        "ReaderScreen",
        "f",
        "filter_pane",
        "Filter",
        NOTES,
        tooltip="List only some tags or colours in the pane",
        command=True,
    ),
    _k(
        "toggle-pane",
        "ReaderScreen",
        "p",
        "toggle_pane",
        "Pane",
        READING,
        tooltip="Show or hide the annotation pane",
        show=True,
        command=True,
    ),
    _k(
        "switch-focus",
        "ReaderScreen",
        "tab",
        "switch_focus",
        "Switch",
        READING,
        tooltip="Move between article and pane",
    ),
    _k(
        "search",
        "ReaderScreen",
        "slash",
        "search",
        "Search",
        READING,
        tooltip="Find words in this article",
        show=True,
        command=True,
    ),
    _k(
        "search-next",
        "ReaderScreen",
        "n",
        "next_match",
        "Next match",
        READING,
        tooltip="Go to the next search match",
    ),
    _k(
        "search-previous",
        "ReaderScreen",
        "N",
        "previous_match",
        "Previous match",
        READING,
        tooltip="Go to the previous search match",
    ),
    _k(
        "library",
        "ReaderScreen",
        "o",
        "library",
        "Library",
        LIBRARY,
        tooltip="Back to the list of articles",
        show=True,
        command=True,
    ),
    # The article view: motions and selecting.
    _k("cursor-down", "ArticleView", "down,j", "cursor_down", "Down", READING),
    _k("cursor-up", "ArticleView", "up,k", "cursor_up", "Up", READING),
    _k("cursor-left", "ArticleView", "left", "cursor_left", "Left", READING),
    _k("cursor-right", "ArticleView", "right", "cursor_right", "Right", READING),
    _k("word-next", "ArticleView", "w", "word_next", "Next word", READING),
    _k("word-previous", "ArticleView", "b", "word_previous", "Previous word", READING),
    _k("sentence-next", "ArticleView", ")", "sentence_next", "Next sentence", READING),
    _k("sentence-previous", "ArticleView", "(", "sentence_previous", "Previous sentence", READING),
    _k("paragraph-next", "ArticleView", "}", "paragraph_next", "Next paragraph", READING),
    _k(
        "paragraph-previous",
        "ArticleView",
        "{",
        "paragraph_previous",
        "Previous paragraph",
        READING,
    ),
    _k("top", "ArticleView", "g,home", "top", "Top", READING),
    _k("bottom", "ArticleView", "G,end", "bottom", "Bottom", READING),
    _k("page-down", "ArticleView", "space,pagedown", "page_down", "Page down", READING),
    _k("page-up", "ArticleView", "pageup", "page_up", "Page up", READING),
    _k("half-page-down", "ArticleView", "ctrl+d", "half_page_down", "Half page down", READING),
    _k("half-page-up", "ArticleView", "ctrl+u", "half_page_up", "Half page up", READING),
    _k(
        "select",
        "ArticleView",
        "v",
        "toggle_selection",
        "Select",
        SELECTING,
        tooltip="Start or end a selection",
    ),
    _k(
        "cancel-selection",
        "ArticleView",
        "escape",
        "cancel_selection",
        "Cancel",
        SELECTING,
        tooltip="Cancel the selection",
    ),
    # The annotation pane's list.
    _k("pane-down", "AnnotationList", "down,j", "move(1)", "Next entry", NOTES),
    _k("pane-up", "AnnotationList", "up,k", "move(-1)", "Previous entry", NOTES),
    _k("pane-page-down", "AnnotationList", "pagedown,space", "page(1)", "Page down", NOTES),
    _k("pane-page-up", "AnnotationList", "pageup", "page(-1)", "Page up", NOTES),
    _k("pane-first", "AnnotationList", "home,g", "edge(-1)", "First entry", NOTES),
    _k("pane-last", "AnnotationList", "end,G", "edge(1)", "Last entry", NOTES),
    _k(
        "pane-jump",
        "AnnotationList",
        "enter",
        "choose",
        "Go to",
        NOTES,
        tooltip="Show this highlight in the article",
    ),
    # The library.
    _k(
        "library-filter",
        "LibraryScreen",
        "slash",
        "focus_filter",
        "Filter",
        LIBRARY,
        tooltip="Filter the articles",
        show=True,
        command=True,
    ),
    _k(
        "library-sort",
        "LibraryScreen",
        "s",
        "sort",
        "Sort",
        LIBRARY,
        tooltip="Sort by the next column",
        show=True,
        command=True,
    ),
    _k(
        "library-reverse",
        "LibraryScreen",
        "S",
        "reverse",
        "Reverse",
        LIBRARY,
        tooltip="Reverse the order",
        show=True,
        command=True,
    ),
    _k(
        "back",
        "MissingArticleScreen",
        "escape,o",
        "back",
        "Library",
        LIBRARY,
        tooltip="Back to the list of articles",
        show=True,
    ),
    _k(
        "search-close",
        "SearchScreen",
        "escape",
        "close",
        "Close",
        LIBRARY,
        tooltip="Back to where you were",
        show=True,
    ),
    # Dialogs.
    _k(
        "close-help",
        "HelpScreen",
        "escape,q,question_mark",
        "dismiss",
        "Close",
        DIALOGS,
        tooltip="Close the help",
    ),
    _k(
        "note-save",
        "NoteDialog",
        "ctrl+s",
        "save",
        "Save",
        DIALOGS,
        tooltip="Save the note",
        show=True,
    ),
    _k(
        "note-cancel",
        "NoteDialog",
        "escape",
        "cancel",
        "Cancel",
        DIALOGS,
        tooltip="Close without saving",
        show=True,
    ),
    _k(
        "note-editor",
        "NoteDialog",
        "ctrl+o",
        "external",
        "Editor",
        DIALOGS,
        tooltip="Edit in $VISUAL or $EDITOR",
        show=True,
    ),
    _k(
        "tags-cancel",
        "TagsDialog",
        "escape",
        "cancel",
        "Cancel",
        DIALOGS,
        tooltip="Close without saving",
        show=True,
    ),
    _k(
        "filter-cancel",
        "FilterDialog",
        "escape",
        "cancel",
        "Cancel",
        DIALOGS,
        tooltip="Close without changing",
        show=True,
    ),
    _k(
        "confirm-yes",
        "ConfirmDialog",
        "y",
        "answer(True)",
        "Yes",
        DIALOGS,
        tooltip="Answer yes",
        show=True,
    ),
    _k(
        "confirm-no",
        "ConfirmDialog",
        "n,escape",
        "answer(False)",
        "No",
        DIALOGS,
        tooltip="Answer no",
        show=True,
    ),
)
"""Every binding of the app."""

BY_ID: dict[str, KeyAction] = {action.id: action for action in ACTIONS}
"""The bindings by id."""

SCREEN_OWNERS: dict[str, tuple[str, ...]] = {
    "ReaderScreen": ("ReaderScreen", "ArticleView", "AnnotationList", "ReaderApp"),
    "LibraryScreen": ("LibraryScreen", "ReaderApp"),
    "MissingArticleScreen": ("MissingArticleScreen", "AnnotationList", "ReaderApp"),
    "SearchScreen": ("SearchScreen", "ReaderApp"),
}
"""Whose keys help lists for each screen."""


def bindings_for(owner: str) -> list[BindingType]:
    """The bindings of one class, as Textual takes them."""
    return [action.binding() for action in ACTIONS if action.owner == owner]


def known_ids() -> set[str]:
    """Every binding id (what `[keys]` may name)."""
    return set(BY_ID)


def actions_needing_annotations(owner: str) -> frozenset[str]:
    """The action names of `owner` that wait until annotations are loaded."""
    return frozenset(
        action.action.split("(")[0]
        for action in ACTIONS
        if action.owner == owner and action.needs_annotations
    )


def actions_of(owners: tuple[str, ...]) -> list[KeyAction]:
    """The bindings of several classes, in the table's order."""
    return [action for action in ACTIONS if action.owner in owners]
