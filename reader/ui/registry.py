"""Every key of the app, declared once: its id, keys, words, section, and where it applies.

Bindings of screens and widgets are built from this table; so are the check of `[keys]` in
the settings, the help, the footer and the palette. A test walks every screen and widget to
prove that none declares a binding of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual.binding import Binding, BindingType

READING = "Reading"
SELECTING = "Selecting and highlighting"
NOTES = "Notes and tags"
LIBRARY = "Library and export"
REVIEW = "Reviewing highlights"
DIALOGS = "Dialogs"
SECTIONS = (READING, SELECTING, NOTES, LIBRARY, REVIEW, DIALOGS)
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
    footer_rank: int = 0
    """Shown in the footer (0: not shown); a narrow footer leaves out rank 3, then 2."""
    key_display: str | None = None
    needs_annotations: bool = False
    """Held until the article's annotations have been read (see `held_keys`)."""
    command: bool = False
    """Offered in the command palette (motions are not)."""

    @property
    def show(self) -> bool:
        """Shown in the footer."""
        return self.footer_rank > 0

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
            show=self.show,  # as Textual's own Footer would take it
            key_display=self.key_display,
            tooltip=self.tooltip,
            id=self.id,
        )


# One row per binding: id, default keys, action, description, help section, tooltip, flags
# ("show", "show1".."show3": in the footer, 1 kept longest; "annotations": waits until they
# are loaded; "command": in the palette) and, optionally, how the footer shows the keys.
# Grouped by the class it belongs to.
Row = tuple[str, ...]

# fmt: off
_TABLE: tuple[Row | str, ...] = (
    "ReaderApp",
    ('copy-anywhere', 'ctrl+c', 'copy_here', 'Copy', SELECTING,
     'Copy (ctrl+c never quits: q does)', ''),
    ('help', 'question_mark,f1', 'help', 'Help', READING,
     'Show every key', 'show1'),
    ('quit', 'q', 'quit', 'Quit', LIBRARY,
     'Leave reader', 'show1'),
    ('search-all', 'ctrl+f', 'search_all', 'Search all', LIBRARY,
     'Search every annotation in the library', 'command'),
    "ArticleView",
    ('cursor-down', 'down,j', 'rows("1")', 'Down', READING,
     '', ''),
    ('cursor-up', 'up,k', 'rows("-1")', 'Up', READING,
     '', ''),
    ('cursor-left', 'left', "move('left')", 'Left', READING,
     '', ''),
    ('cursor-right', 'right', "move('right')", 'Right', READING,
     '', ''),
    ('word-next', 'w', "move('word_next')", 'Next word', READING,
     '', ''),
    ('word-previous', 'b', "move('word_previous')", 'Previous word', READING,
     '', ''),
    ('word-end', 'e', "move('word_end')", 'End of word', READING,
     '', ''),
    ('sentence-next', ')', "move('sentence_next')", 'Next sentence', READING,
     '', ''),
    ('sentence-previous', '(', "move('sentence_previous')", 'Previous sentence', READING,
     '', ''),
    ('paragraph-next', '}', "move('paragraph_next')", 'Next paragraph', READING,
     '', ''),
    ('paragraph-previous', '{', "move('paragraph_previous')", 'Previous paragraph', READING,
     '', ''),
    ('top', 'g,home', "move('top')", 'Top', READING,
     '', ''),
    ('bottom', 'G,end', "move('bottom')", 'Bottom', READING,
     '', ''),
    ('page-down', 'space,pagedown', 'rows("page")', 'Page down', READING,
     '', ''),
    ('page-up', 'pageup', 'rows("-page")', 'Page up', READING,
     '', ''),
    ('half-page-down', 'ctrl+d', 'rows("half")', 'Half page down', READING,
     '', ''),
    ('half-page-up', 'ctrl+u', 'rows("-half")', 'Half page up', READING,
     '', ''),
    ('select', 'v', 'toggle_selection', 'Select', SELECTING,
     'Start a selection; again: end it, kept for h, a, t', ''),
    "ReaderScreen",
    ('back-from-article', 'escape', 'back', 'Back', READING,
     'Cancel the selection, else clear the search, else back to the search results or the'
     ' articles', ''),
    ('highlight', 'h', 'highlight', 'Highlight', SELECTING,
     'Highlight the selection or sentence', 'show1 annotations command'),
    ('color-yellow', '1', "color('yellow')", 'Colour', SELECTING,
     'Colour the selection or highlight yellow', 'show3 annotations command', '1-4'),
    ('color-green', '2', "color('green')", 'Green', SELECTING,
     'Colour the selection or highlight green', 'annotations command'),
    ('color-blue', '3', "color('blue')", 'Blue', SELECTING,
     'Colour the selection or highlight blue', 'annotations command'),
    ('color-pink', '4', "color('pink')", 'Pink', SELECTING,
     'Colour the selection or highlight pink', 'annotations command'),
    ('note', 'a', 'note', 'Note', NOTES,
     'Write a note on the highlight', 'show annotations command'),
    ('tags', 't', 'tags', 'Tags', NOTES,
     "Edit the highlight's tags", 'show annotations command'),
    ('delete', 'x', 'delete', 'Delete', SELECTING,
     'Delete the highlight under the cursor', 'annotations command'),
    ('undo', 'u', 'undo', 'Undo', SELECTING,
     'Undo the last annotation change', 'annotations command'),
    ('redo', 'ctrl+r', 'redo', 'Redo', SELECTING,
     'Redo the change undone', 'annotations command'),
    ('next-highlight', ']', 'next_highlight', 'Next/Prev', READING,
     'Jump to the next highlight', 'show3 annotations', ']/['),
    ('previous-highlight', '[', 'previous_highlight', 'Prev', READING,
     'Jump to the previous highlight', 'annotations'),
    ('copy', 'y,ctrl+c', 'copy', 'Copy', SELECTING,
     'Copy the selection or highlight', 'command'),
    ('export', 'E', 'export', 'Export', LIBRARY,
     "Write this article's note", 'annotations command'),
    ('filter-pane', 'f', 'filter_pane', 'Filter', NOTES,
     'List only some tags or colours in the pane', 'command'),
    ('toggle-pane', 'p', 'toggle_pane', 'Pane', READING,
     'Show or hide the annotation pane', 'show3 command'),
    ('switch-focus', 'tab', 'switch_focus', 'Switch', READING,
     'Move between article and pane', ''),
    ('search', 'slash', 'search', 'Search', READING,
     'Find words in this article', 'show command'),
    ('search-next', 'n', 'next_match', 'Next match', READING,
     'Go to the next search match', ''),
    ('search-previous', 'N', 'previous_match', 'Previous match', READING,
     'Go to the previous search match', ''),
    ('library', 'o', 'library', 'Library', LIBRARY,
     'Back to the list of articles', 'show1 command'),
    ('review', 'R', 'review', 'Review', LIBRARY,
     "Review this article's highlights that moved, changed or lost their text", 'command'),
    ('attach-here', 'r', 'attach_here', 'Attach here', SELECTING,
     'Re-attaching a highlight: move it to the selection (or the sentence)',
     'show1 annotations'),
    "SearchBar",
    ('search-cancel', 'escape', 'cancel', 'Cancel', READING,
     'Cancel the search in the article', 'show'),
    "AnnotationList",
    ('pane-down', 'down,j', 'move(1)', 'Next entry', NOTES,
     '', ''),
    ('pane-up', 'up,k', 'move(-1)', 'Previous entry', NOTES,
     '', ''),
    ('pane-page-down', 'pagedown,space', 'page(1)', 'Page down', NOTES,
     '', ''),
    ('pane-page-up', 'pageup', 'page(-1)', 'Page up', NOTES,
     '', ''),
    ('pane-first', 'home,g', 'edge(-1)', 'First entry', NOTES,
     '', ''),
    ('pane-last', 'end,G', 'edge(1)', 'Last entry', NOTES,
     '', ''),
    ('pane-jump', 'enter', 'choose', 'Go to', NOTES,
     'Show this highlight in the article', 'show1'),
    "LibraryTable",
    ('library-table-down', 'down', 'move(1)', 'Next article', LIBRARY,
     '', ''),
    ('library-table-up', 'up', 'move(-1)', 'Previous article', LIBRARY,
     '', ''),
    ('library-table-page-down', 'pagedown', 'page(1)', 'Page down', LIBRARY,
     '', ''),
    ('library-table-page-up', 'pageup', 'page(-1)', 'Page up', LIBRARY,
     '', ''),
    ('library-table-first', 'home', 'edge(-1)', 'First article', LIBRARY,
     '', ''),
    ('library-table-last', 'end', 'edge(1)', 'Last article', LIBRARY,
     '', ''),
    "LibraryScreen",
    ('library-open', 'enter', 'open_selected', 'Open', LIBRARY,
     'Open the article', 'show1 command'),
    ('library-down', 'j', 'move(1)', 'Next article', LIBRARY,
     '', ''),
    ('library-up', 'k', 'move(-1)', 'Previous article', LIBRARY,
     '', ''),
    ('library-first', 'g', 'edge(-1)', 'First article', LIBRARY,
     '', ''),
    ('library-last', 'G', 'edge(1)', 'Last article', LIBRARY,
     '', ''),
    ('library-filter', 'slash', 'focus_filter', 'Filter', LIBRARY,
     'Filter the articles', 'show command'),
    ('library-sort', 's', 'sort', 'Sort', LIBRARY,
     'Sort by the next column', 'show command'),
    ('library-reverse', 'S', 'reverse', 'Reverse', LIBRARY,
     'Reverse the order', 'show command'),
    ('library-review', 'R', 'review', 'Review', LIBRARY,
     'Review every highlight that moved, changed or lost its text', 'show command'),
    "MissingArticleScreen",
    ('relink', 'l', 'relink', 'Relink', LIBRARY,
     "Point the article at its file (its highlights are found in its text)",
     'show1 command'),
    ('missing-note', 'a', 'note', 'Note', NOTES,
     'Write a note on the marked highlight', 'show command'),
    ('missing-tags', 't', 'tags', 'Tags', NOTES,
     "Edit the marked highlight's tags", 'show command'),
    ('missing-color-yellow', '1', "color('yellow')", 'Colour', NOTES,
     'Colour the marked highlight yellow', 'show3 command', '1-4'),
    ('missing-color-green', '2', "color('green')", 'Green', NOTES,
     'Colour the marked highlight green', 'command'),
    ('missing-color-blue', '3', "color('blue')", 'Blue', NOTES,
     'Colour the marked highlight blue', 'command'),
    ('missing-color-pink', '4', "color('pink')", 'Pink', NOTES,
     'Colour the marked highlight pink', 'command'),
    ('missing-delete', 'x', 'delete', 'Delete', NOTES,
     'Delete the marked highlight', 'show command'),
    ('missing-undo', 'u', 'undo', 'Undo', NOTES,
     'Undo the last change here', 'command'),
    ('missing-redo', 'ctrl+r', 'redo', 'Redo', NOTES,
     'Redo the change undone', 'command'),
    ('forget-article', 'X', 'forget', 'Delete all', LIBRARY,
     "Delete every annotation of this article or book", 'show command'),
    ('back', 'escape,o', 'back', 'Library', LIBRARY,
     'Back to the list of articles', 'show1'),
    "ReviewScreen",
    ('review-accept', 'a', 'accept', 'Accept', REVIEW,
     'Accept the place shown: exact from now on, the old quote kept',
     'show1 command'),
    ('review-reattach', 'r', 'reattach', 'Re-attach', REVIEW,
     'Open the article there to select the passage; r there attaches',
     'show1 command'),
    ('review-next-place', 'n', 'next_place', 'Next place', REVIEW,
     'Show the next best place in the article, when there is one', 'show command'),
    ('review-detach', 'd', 'detach', 'Detach', REVIEW,
     'Keep it as a note on the article, with no passage', 'show command'),
    ('review-delete', 'x', 'delete', 'Delete', REVIEW,
     'Delete the highlight (undo brings it back)', 'show3 command'),
    ('review-undo', 'u', 'undo', 'Undo', REVIEW,
     'Undo the last change made here', 'show3 command'),
    ('review-relink', 'l', 'relink', 'Relink', REVIEW,
     "Point the article at its file's new place (its file gone, or the wrong one)",
     'show3 command'),
    ('review-down', 'j', 'move(1)', 'Next entry', REVIEW,
     '', ''),
    ('review-up', 'k', 'move(-1)', 'Previous entry', REVIEW,
     '', ''),
    ('review-back', 'escape', 'back', 'Back', REVIEW,
     'Back to where you were', 'show1'),
    "SearchScreen",
    ('search-close', 'escape', 'close', 'Close', LIBRARY,
     'Back to where you were', 'show'),
    ('search-to-results', 'down', 'to_results', 'Results', LIBRARY,
     'From the query into the results (as enter does)', ''),
    "HelpScreen",
    ('close-help', 'escape,q,question_mark', 'dismiss', 'Close', DIALOGS,
     'Close the help', ''),
    "NoteDialog",
    ('note-save', 'ctrl+s', 'save', 'Save', DIALOGS,
     'Save the note', 'show'),
    ('note-cancel', 'escape', 'cancel', 'Cancel', DIALOGS,
     'Close without saving', 'show'),
    ('note-editor', 'ctrl+o', 'external', 'Editor', DIALOGS,
     'Edit in $VISUAL or $EDITOR', 'show'),
    "TagsDialog",
    ('tags-cancel', 'escape', 'cancel', 'Cancel', DIALOGS,
     'Close without saving', 'show'),
    "FilterDialog",
    ('filter-cancel', 'escape', 'cancel', 'Cancel', DIALOGS,
     'Close without changing', 'show'),
    "PathDialog",
    ('path-cancel', 'escape', 'cancel', 'Cancel', DIALOGS,
     'Close without choosing', 'show'),
    "ConfirmDialog",
    ('confirm-yes', 'y', 'answer(True)', 'Yes', DIALOGS,
     'Answer yes', 'show'),
    ('confirm-no', 'n,escape', 'answer(False)', 'No', DIALOGS,
     'Answer no', 'show'),
)
# fmt: on


def _footer_rank(flags: list[str]) -> int:
    """`show1` (kept longest) .. `show3` (left out first); `show` is `show2`."""
    for flag in flags:
        if flag.startswith("show"):
            return int(flag[4:] or 2)
    return 0


def _actions() -> tuple[KeyAction, ...]:
    found: list[KeyAction] = []
    owner = ""
    for row in _TABLE:
        if isinstance(row, str):
            owner = row
            continue
        id, keys, action, description, section, tooltip, flags, *display = row
        found.append(
            KeyAction(
                id,
                owner,
                keys,
                action,
                description,
                section,
                tooltip,
                footer_rank=_footer_rank(flags.split()),
                key_display=display[0] if display else None,
                needs_annotations="annotations" in flags.split(),
                command="command" in flags.split(),
            )
        )
    return tuple(found)


ACTIONS: tuple[KeyAction, ...] = _actions()
"""Every binding of the app."""

BY_ID: dict[str, KeyAction] = {action.id: action for action in ACTIONS}
"""The bindings by id."""

SCREEN_OWNERS: dict[str, tuple[str, ...]] = {
    "ReaderScreen": ("ReaderScreen", "ArticleView", "AnnotationList", "SearchBar", "ReaderApp"),
    "LibraryScreen": ("LibraryScreen", "LibraryTable", "ReaderApp"),
    "MissingArticleScreen": ("MissingArticleScreen", "AnnotationList", "ReaderApp"),
    "SearchScreen": ("SearchScreen", "ReaderApp"),
    "ReviewScreen": ("ReviewScreen", "ReaderApp"),
}
"""Whose keys help lists for each screen."""


def bindings_for(owner: str) -> list[BindingType]:
    """The bindings of one class, as Textual takes them."""
    return [action.binding() for action in ACTIONS if action.owner == owner]


def known_ids() -> set[str]:
    """Every binding id (what `[keys]` may name)."""
    return set(BY_ID)


def key_conflict(remapped: Mapping[str, str]) -> tuple[str, str, str] | None:
    """A key that `[keys]` gives to an action while another on the same screen has it too
    (the app's, the screen's and the focused widget's keys all apply at once): the key and
    the two binding ids, or None. Defaults that share a key on purpose are not reported."""

    def keys_of(action: KeyAction) -> set[str]:
        keys = remapped.get(action.id, action.keys)
        return {key.strip() for key in keys.split(",") if key.strip()}

    for screen, owners in SCREEN_OWNERS.items():
        shared = [action for action in ACTIONS if action.owner in (screen, "ReaderApp")]
        widgets = [owner for owner in owners if owner not in (screen, "ReaderApp")]
        groups = [[a for a in ACTIONS if a.owner == widget] + shared for widget in widgets]
        for group in groups or [shared]:
            seen: dict[str, KeyAction] = {}
            for action in group:
                for key in keys_of(action):
                    other = seen.setdefault(key, action)
                    if other.id != action.id and (action.id in remapped or other.id in remapped):
                        return key, other.id, action.id
    return None


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


def bound_keys(app: Any, action: KeyAction) -> list[str]:
    """The keys bound to an action now (a remapping in the settings included)."""
    settings = getattr(app, "settings", None)
    keymap: Mapping[str, str] = settings.keys if settings is not None else {}
    return [key.strip() for key in keymap.get(action.id, action.keys).split(",") if key.strip()]


def keys_shown(app: Any, action: KeyAction) -> str:
    """The keys bound to an action now, for display."""
    shown = [app.get_key_display(Binding(key, action.action)) for key in bound_keys(app, action)]
    return " ".join(dict.fromkeys(shown))


def key_named(app: Any, action_id: str) -> str:
    """The first key bound to an action now, as hints name it ("press h")."""
    return keys_shown(app, BY_ID[action_id]).split(" ")[0]
