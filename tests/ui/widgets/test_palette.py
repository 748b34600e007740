"""Legible in every theme Textual ships: contrast and colour distance, computed with coloraide
(not the app's own maths) from the colours the app really gives its stylesheets."""

from __future__ import annotations

import pytest
from coloraide import Color as Measured
from rich.color import ColorSystem
from textual.app import App
from textual.theme import BUILTIN_THEMES

from reader.core.annotations import Color
from reader.ui.app import ReaderApp
from reader.ui.widgets.palette import ANSI_BACKGROUNDS, MARKS

COLORS = [color.value for color in Color]


def _variables(theme: str, colours: ColorSystem = ColorSystem.TRUECOLOR) -> dict[str, str]:
    app = ReaderApp([], None)  # type: ignore[arg-type]
    app.console._color_system = colours  # what the terminal can show
    app.theme = theme
    return App.get_css_variables(app) | app.get_css_variables()


def _contrast(one: str, two: str) -> float:
    return float(Measured(one).contrast(Measured(two), method="wcag21"))


def _distance(one: str, two: str) -> float:
    return float(Measured(one).delta_e(Measured(two), method="76"))


TRUE_COLOUR = [name for name, theme in BUILTIN_THEMES.items() if not theme.ansi]


@pytest.mark.parametrize("theme", TRUE_COLOUR)
def test_text_reads_at_4_5_to_1_on_the_background_and_every_highlight(theme: str) -> None:
    """Body text and muted text (code, list numbers, the pane's names), and headings and tags
    on the background: 4.5:1 at least."""
    found = _variables(theme)
    surfaces = [found["background"]] + [found[f"highlight-{color}-bg"] for color in COLORS]
    for role in ("reader-text", "reader-muted", "highlight-text"):
        for surface in surfaces:
            assert _contrast(found[role], surface) >= 4.5, (theme, role, surface)
    for role in ("reader-strong", *(f"highlight-{color}" for color in COLORS)):
        assert _contrast(found[role], found["background"]) >= 4.5, (theme, role)


@pytest.mark.parametrize("theme", TRUE_COLOUR)
def test_highlights_and_the_selection_stay_apart(theme: str) -> None:
    """Any two highlight colours at least ΔE 20 apart, and from the selection (reverse video:
    the text colour behind the text); every highlight visible on the background."""
    found = _variables(theme)
    backgrounds = [found[f"highlight-{color}-bg"] for color in COLORS]
    selection = found["reader-text"]
    for index, one in enumerate(backgrounds):
        assert _distance(one, selection) >= 20, (theme, COLORS[index])
        assert _distance(one, found["background"]) >= 8, (theme, COLORS[index])
        for other, two in zip(COLORS[index + 1 :], backgrounds[index + 1 :], strict=True):
            assert _distance(one, two) >= 20, (theme, COLORS[index], other)


@pytest.mark.parametrize(
    ("theme", "colours"),
    [(name, ColorSystem.TRUECOLOR) for name, theme in BUILTIN_THEMES.items() if theme.ansi]
    + [("textual-dark", ColorSystem.STANDARD), ("solarized-light", ColorSystem.STANDARD)],
)
def test_ansi_themes_and_16_colours_use_four_different_terminal_colours(
    theme: str, colours: ColorSystem
) -> None:
    """ANSI themes and 16-colour terminals cannot blend (every blend became one grey): four
    different ANSI colours, black text on them, and four mark shapes for no colour at all."""
    found = _variables(theme, colours)
    backgrounds = {found[f"highlight-{color}-bg"] for color in COLORS}
    assert backgrounds == set(ANSI_BACKGROUNDS.values()) and len(backgrounds) == 4
    assert found["highlight-text"] == "ansi_black"
    assert len(set(MARKS.values())) == 4
