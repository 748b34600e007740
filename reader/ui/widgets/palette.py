"""The highlight palette: each colour's theme colour and margin mark, declared once.

The app turns it into CSS variables (`$highlight-yellow` …) that the stylesheets use, and the
widgets draw marks and colours from the same table.
"""

from __future__ import annotations

from reader.core.annotations import Color

THEME_COLORS: dict[Color, str] = {
    Color.YELLOW: "warning",
    Color.GREEN: "success",
    Color.BLUE: "primary",
    Color.PINK: "error",
}
"""The theme colour each highlight colour follows."""

MARKS: dict[Color, str] = {
    Color.YELLOW: "▌",
    Color.GREEN: "┃",
    Color.BLUE: "║",
    Color.PINK: "╏",
}
"""Margin marks: a different shape per colour, so highlights are told apart without colour."""


def variable(color: Color) -> str:
    """The CSS variable of a highlight colour (without the `$`)."""
    return f"highlight-{color.value}"


def css_variables(theme_variables: dict[str, str]) -> dict[str, str]:
    """The highlight variables for a theme's variables."""
    return {variable(color): theme_variables[name] for color, name in THEME_COLORS.items()}
