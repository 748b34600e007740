"""The Textual application: wiring of screens to the library; no logic of its own."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import Theme

from reader.core.articles import Article, ArticleError
from reader.core.files import write_atomically
from reader.core.library import Library, LibraryEntry, list_library
from reader.core.store import ArticleRecord, StoreError
from reader.paths import default_export_folder, styles_dir
from reader.settings import Settings
from reader.ui.commands import ActionCommands, ArticleCommands, TagCommands
from reader.ui.screens.library_screen import LibraryScreen
from reader.ui.screens.reader_screen import ReaderScreen


class ReaderApp(App[None]):
    """Shows one article, or a list of articles to choose from."""

    TITLE = "reader"
    CSS_PATH = [
        styles_dir() / "app.tcss",
        styles_dir() / "reader_screen.tcss",
        styles_dir() / "article_view.tcss",
        styles_dir() / "annotation_pane.tcss",
        styles_dir() / "library_screen.tcss",
        styles_dir() / "help_screen.tcss",
        styles_dir() / "dialogs.tcss",
        styles_dir() / "search_screen.tcss",
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="Leave reader", id="quit"),
        Binding(
            "ctrl+f",
            "search_all",
            "Search all",
            show=False,
            tooltip="Search every annotation in the library",
            id="search-all",
        ),
    ]
    COMMANDS = App.COMMANDS | {ActionCommands, ArticleCommands, TagCommands}

    def __init__(
        self,
        articles: Sequence[Article],
        library: Library,
        settings: Settings | None = None,
        state_file: Path | None = None,
        *,
        entries: Sequence[LibraryEntry] | None = None,
        files: Sequence[Path] = (),
        include_known: bool = False,
        problems: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.articles = list(articles)
        self.entries = list(entries) if entries is not None else None
        self._files = list(files)
        self._include_known = include_known
        self._problems = list(problems)
        self.library = library
        self.settings = settings or Settings()
        self.exit_warnings: list[str] = []
        """Lines to print after the app has left the screen (e.g. unsaved changes)."""
        self.state_file = state_file
        remembered = _read_state(state_file).get("theme") if state_file is not None else None
        theme = self.settings.theme or (remembered if isinstance(remembered, str) else "")
        if theme in self.available_themes:
            self.theme = theme
        if self.settings.keys:
            self.set_keymap(dict(self.settings.keys))

    def on_mount(self) -> None:
        """Remember a theme chosen in the palette (once the app is up: not the start-up one)."""
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        for problem in self._problems:
            self.notify(f"Skipped {problem}", severity="warning", timeout=8, markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        if self.state_file is None:
            return
        state = _read_state(self.state_file)
        state["theme"] = theme.name
        try:
            write_atomically(
                self.state_file,
                json.dumps(state, indent=2).encode(),
                durable=False,
            )
        except OSError as error:
            self.notify(f"Could not remember the theme: {error}", severity="warning", markup=False)

    @property
    def export_folder(self) -> Path:
        """Where notes are exported: the settings' folder, else the default one."""
        return self.settings.export_folder or default_export_folder()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands, plus exporting the whole library."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Search all annotations",
            "Find words in every quote, note and tag of the library (ctrl+f)",
            self.action_search_all,
        )
        yield SystemCommand(
            "Export all notes",
            f"Write a Markdown note for every annotated article to {self.export_folder}",
            self.action_export_library,
        )

    def action_search_all(self, query: str = "") -> None:
        """Search the quotes, notes and tags of every annotation."""
        from reader.ui.screens.search_screen import SearchScreen

        if isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen(query))

    def open_record(self, record: ArticleRecord) -> None:
        """Open an article the store knows (its annotations alone when its file is gone)."""
        from reader.ui.screens.library_screen import MissingArticleScreen

        path = next((Path(seen.path) for seen in record.paths if Path(seen.path).is_file()), None)
        if path is None:
            entry = LibraryEntry(
                record.id,
                record.title,
                None,
                missing=True,
                last_path=record.paths[0].path if record.paths else "",
            )
            self.push_screen(MissingArticleScreen(entry, self.library))
            return
        try:
            article = self.library.open(path)
        except (ArticleError, StoreError, OSError) as error:
            self.notify(f"Cannot open: {error}", severity="error", markup=False)
            return
        self.push_screen(ReaderScreen(article, self.library, self.settings))

    @work(thread=True, exclusive=True, group="export")
    def action_export_library(self) -> None:
        """Export every annotated article's note to the export folder (in the background)."""
        from reader.core.export import Outcome, describe, write_notes

        folder = self.export_folder
        try:
            groups = [group for group in self.library.collect() if group.annotations]
            results = write_notes(groups, folder, self.library.store.now())
        except (OSError, StoreError) as error:
            self.call_from_thread(
                self.notify, f"Export failed: {error}", severity="error", markup=False
            )
            return
        skipped = [result for result in results if result.outcome is Outcome.SKIPPED]
        message = f"Exported notes to {folder}: {describe(results)}."
        if skipped:
            message += f" Skipped {skipped[0].path.name}: {skipped[0].reason}."
        self.call_from_thread(
            self.notify, message, severity="warning" if skipped else "information", markup=False
        )

    def get_default_screen(self) -> Screen[None]:
        if self.entries is None and len(self.articles) == 1:
            return ReaderScreen(self.articles[0], self.library, self.settings)
        entries = self.entries
        files = self._files
        if entries is None:
            files = [article.path for article in self.articles if article.path is not None]
            entries, _ = list_library(self.library, files, False)
        return LibraryScreen(entries, self.library, self.settings, files, self._include_known)


def _read_state(path: Path | None) -> dict[str, Any]:
    """The remembered state; a missing or damaged file is an empty state (it is only a memory)."""
    if path is None:
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}
