"""The key registry: every binding of every screen and widget comes from it, once."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode

import reader.ui
from reader.settings import Settings
from reader.ui.registry import ACTIONS, BY_ID, SCREEN_OWNERS, known_ids


def _classes_of_the_ui() -> list[type[DOMNode]]:
    """Every screen, widget and app class defined in reader.ui."""
    found: list[type[DOMNode]] = []
    for module_info in pkgutil.walk_packages(reader.ui.__path__, "reader.ui."):
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DOMNode) and value.__module__ == module.__name__:
                found.append(value)
    return found


def test_every_binding_of_every_class_is_in_the_registry() -> None:
    """Each class's bindings are exactly its rows of the registry: same ids, keys and actions."""
    classes = _classes_of_the_ui()
    assert {"ReaderApp", "ReaderScreen", "ArticleView", "LibraryScreen", "SearchScreen"} <= {
        cls.__name__ for cls in classes
    }
    for cls in classes:
        declared = [item for item in cls.__dict__.get("BINDINGS", [])]
        for binding in declared:
            assert isinstance(binding, Binding), f"{cls.__name__} declares a bare key tuple"
            assert binding.id in BY_ID, (
                f"{cls.__name__}: binding {binding.key!r} has no registry id"
            )
            row = BY_ID[binding.id]
            assert (row.owner, row.keys, row.action) == (cls.__name__, binding.key, binding.action)
        owned = [action.id for action in ACTIONS if action.owner == cls.__name__]
        assert [binding.id for binding in declared] == owned, cls.__name__


def test_ids_are_unique_and_every_owner_exists() -> None:
    """No id is declared twice, and every owner named in the registry is a real class."""
    assert len(BY_ID) == len(ACTIONS)
    names = {cls.__name__ for cls in _classes_of_the_ui()}
    assert {action.owner for action in ACTIONS} <= names
    assert {owner for owners in SCREEN_OWNERS.values() for owner in owners} <= names


@pytest.mark.parametrize(
    "binding_id",
    ["library-sort", "library-filter", "library-reverse", "back", "search-close", "filter-cancel"],
)
def test_the_six_ids_that_could_not_be_remapped_now_can(
    binding_id: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[keys] library-sort = "z"` (and the five others once refused) is accepted."""
    from tests.test_cli import run

    monkeypatch.setattr("reader.cli.opening.terminal_problem", lambda: None)

    config = tmp_path / "config.toml"
    config.write_text(f'[keys]\n{binding_id} = "z"\n', encoding="utf-8")
    assert binding_id in known_ids()
    from reader.ui.app import ReaderApp

    started: list[ReaderApp] = []
    original = ReaderApp.run
    try:
        ReaderApp.run = lambda self, *a, **k: started.append(self)  # type: ignore[method-assign]
        result = run("--config", str(config), "--db", str(tmp_path / "db.json"))
    finally:
        ReaderApp.run = original  # type: ignore[method-assign]
    assert result.exit_code == 0, result.stderr
    assert started and started[0].settings == Settings(keys={binding_id: "z"})


async def test_a_remapped_library_key_works(tmp_path: Path) -> None:
    """With library-sort on "z", z sorts the library and s no longer does."""
    from reader.core.library import Library, expand_paths, list_library
    from reader.core.store import AnnotationStore
    from reader.paths import sample_articles_dir
    from reader.ui.app import ReaderApp
    from reader.ui.screens.library_screen import LibraryScreen

    library = Library(AnnotationStore.in_memory())
    files = expand_paths([sample_articles_dir()])
    entries = list_library(library, files, False).entries
    app = ReaderApp([], library, Settings(keys={"library-sort": "z"}), entries=entries, files=files)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen)
        await pilot.press("s")
        assert screen.sort_index == 0
        await pilot.press("z")
        assert screen.sort_index == 1
