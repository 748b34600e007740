"""The library's table: the chosen row stays where it is on screen as rows come in."""

from __future__ import annotations

from textual.app import App, ComposeResult

from reader.ui.widgets.library_table import Column, LibraryTable

COLUMNS = [Column("title", "Title", 20)]


class _TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield LibraryTable[str](lambda row: row, lambda row: [(row, "")])


async def test_rows_sorting_in_above_the_chosen_one_do_not_move_it_on_screen() -> None:
    """Articles read in the background sort in above the chosen one: it stays on the screen
    row it was on (it slid down a row with each), and stays chosen."""
    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = pilot.app.query_one(LibraryTable)
        table.show(COLUMNS, [f"m{number:02}" for number in range(30)], None)
        await pilot.pause()
        table.move_cursor(3)
        await pilot.pause()
        before = table.cursor_row - round(table.scroll_y)
        table.show(COLUMNS, sorted([*(f"a{n}" for n in range(5)), *table._rows]), "m03")
        await pilot.pause()
        assert table.cursor_key == "m03" and table.cursor_row == 8
        assert table.cursor_row - round(table.scroll_y) == before


async def test_a_new_list_without_the_chosen_row_starts_at_the_top() -> None:
    """When the chosen row is gone (filtered out), the first row is chosen, at the top."""
    async with _TableApp().run_test(size=(40, 12)) as pilot:
        table = pilot.app.query_one(LibraryTable)
        table.show(COLUMNS, [f"m{number:02}" for number in range(30)], None)
        await pilot.pause()
        table.move_cursor(25)
        await pilot.pause()
        table.show(COLUMNS, ["x1", "x2"], table.cursor_key)
        await pilot.pause()
        assert table.cursor_row == 0 and round(table.scroll_y) == 0
