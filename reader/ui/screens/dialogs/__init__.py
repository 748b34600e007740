"""Small modal dialogs: a note, tags, the pane's filter, a path, and a yes/no question."""

from reader.ui.screens.dialogs.confirm import ConfirmDialog
from reader.ui.screens.dialogs.filter import FilterDialog
from reader.ui.screens.dialogs.note import NoteDialog
from reader.ui.screens.dialogs.path import PathDialog
from reader.ui.screens.dialogs.preview import quote_preview
from reader.ui.screens.dialogs.tags import TagsDialog, TagSuggester

__all__ = [
    "ConfirmDialog",
    "FilterDialog",
    "NoteDialog",
    "PathDialog",
    "TagSuggester",
    "TagsDialog",
    "quote_preview",
]
