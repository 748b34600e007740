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


def _as_256(value: str) -> str:
    """The colour a 256-colour terminal draws for `value`."""
    from rich.color import Color as RichColor

    red, green, blue = RichColor.parse(value).downgrade(ColorSystem.EIGHT_BIT).get_truecolor()
    return f"#{red:02x}{green:02x}{blue:02x}"


@pytest.mark.parametrize("theme", TRUE_COLOUR)
def test_in_256_colours_text_reads_and_highlights_stay_apart(theme: str) -> None:
    """tmux's default: what the terminal really draws (the nearest of its 256 colours) keeps
    text at 4.5:1 on every highlight and the four highlights ΔE 20 apart (green and blue, or
    yellow and pink, were one colour)."""
    found = {
        key: _as_256(value)
        for key, value in _variables(theme, ColorSystem.EIGHT_BIT).items()
        if key.startswith(("highlight", "reader")) or key == "background"
    }
    backgrounds = [found[f"highlight-{color}-bg"] for color in COLORS]
    for role in ("reader-text", "reader-muted"):
        for surface in [found["background"], *backgrounds]:
            assert _contrast(found[role], surface) >= 4.5, (theme, role, surface)
    for index, one in enumerate(backgrounds):
        for two in backgrounds[index + 1 :]:
            assert _distance(one, two) >= 20, (theme, one, two)


@pytest.mark.parametrize("theme", TRUE_COLOUR)
def test_the_pane_and_header_parts_read_on_their_backgrounds(theme: str) -> None:
    """Tags and names on the marked entry (focused or not), and the header's byline and
    progress on the panel: 4.5:1."""
    found = _variables(theme)
    for surface in ("reader-marked", "reader-marked-focus"):
        for role in ("reader-text", "reader-muted", "reader-strong"):
            assert _contrast(found[role], found[surface]) >= 4.5, (theme, role, surface)
    panel = Measured(found["background"]).mix(Measured(found["panel"]), 1.0).to_string(hex=True)
    assert _contrast(found["reader-muted"], panel) >= 4.5


@pytest.mark.parametrize("theme", TRUE_COLOUR)
def test_footer_keys_and_the_reviews_changed_words_read(theme: str) -> None:
    """The footer's keys on the footer, and the review's words added and removed on the
    background: 4.5:1 (a light theme's footer keys were 2.3:1, its added words 2.9:1)."""
    found = _variables(theme)
    footer = Measured(found["background"]).mix(Measured(found["footer-background"]), 1.0)
    assert _contrast(found["reader-footer-key"], footer.to_string(hex=True)) >= 4.5
    for role in ("reader-added", "reader-removed"):
        assert _contrast(found[role], found["background"]) >= 4.5, (theme, role)


@pytest.mark.parametrize("theme", TRUE_COLOUR)
def test_help_keys_and_dialog_titles_read_on_the_dialogs_surface(theme: str) -> None:
    """The help screen's key names (reader-strong) and the titles in dialog borders
    (reader-text) on the surface dialogs are drawn on: 4.5:1 (they were the accent colour,
    orange on grey at 1.2:1 in textual-light)."""
    found = _variables(theme)
    for role in ("reader-strong", "reader-text"):
        assert _contrast(found[role], found["surface"]) >= 4.5, (theme, role, found["surface"])
