"""Text from files and imports is data on every screen: never markup, never terminal bytes."""

from __future__ import annotations

from pathlib import Path

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.ui.app import ReaderApp
from reader.ui.screens.reader_screen import ReaderScreen
from tests.ui.conftest import SIZE, settle


def _library_with(tmp_path: Path, title: str, tag: str) -> tuple[Library, Path]:
    path = tmp_path / "article.md"
    path.write_text(f"---\ntitle: {title!r}\n---\n\nSome body text here.\n", encoding="utf-8")
    library = Library(AnnotationStore.in_memory())
    article = library.open(path)
    library.store.add(
        Annotation(
            "00000000-0000-4000-8000-00000000000a",
            article.id,
            make_target(article.text, 0, 4, article.hash),
            tags=(tag,),
        )
    )
    return library, path


async def test_palette_shows_titles_and_tags_as_written(tmp_path: Path) -> None:
    """A tag `a[/]b` and a title with `[/]` neither crash ctrl+p nor turn into markup; a title
    `[@click=app.quit]…` is shown as those characters and clicking it opens the article."""
    title = "[@click=app.quit]Click here[/] Regex: what [/] means"
    library, path = _library_with(tmp_path, title, "a[/]b")
    app = ReaderApp([library.open(path)], library)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Open: ")
        await pilot.pause(0.5)
        palette = pilot.app.screen
        shown = "\n".join(
            str(option.prompt)
            for option in palette.query_one("CommandList").options  # type: ignore[attr-defined]
        )
        assert "[@click=app.quit]Click here[/]" in shown
        await pilot.press(*["backspace"] * 6, *"Tag: #a/")
        await pilot.pause(0.5)
        shown = "\n".join(
            str(option.prompt)
            for option in palette.query_one("CommandList").options  # type: ignore[attr-defined]
        )
        assert "#a/b" in shown  # a tag keeps only what Obsidian takes: no brackets to misread
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.is_running and isinstance(pilot.app.screen, ReaderScreen)
