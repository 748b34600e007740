"""The ids of every key binding, so that settings can remap keys by id and be checked first."""

from __future__ import annotations

from textual.binding import Binding


def known_binding_ids() -> set[str]:
    """Every binding id of the app's screens and widgets."""
    from reader.ui.app import ReaderApp
    from reader.ui.screens.help_screen import HelpScreen
    from reader.ui.screens.note_dialog import ConfirmDialog, NoteDialog, TagsDialog
    from reader.ui.screens.reader_screen import ReaderScreen
    from reader.ui.widgets.annotation_list import AnnotationList
    from reader.ui.widgets.article_view import ArticleView

    ids: set[str] = set()
    for owner in (
        ReaderApp,
        ReaderScreen,
        ArticleView,
        AnnotationList,
        HelpScreen,
        NoteDialog,
        TagsDialog,
        ConfirmDialog,
    ):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids
