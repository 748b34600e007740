"""The highlight palette: each colour's theme colour and margin mark, and legible colours per theme.

The app turns it into CSS variables (`$highlight-yellow`, `$highlight-yellow-bg`, `$reader-muted`
...) that the stylesheets use, and the widgets draw marks and colours from the same table. The
colours are worked out for each theme so that text keeps WCAG contrast 4.5:1 on the
background and on every highlight, and the four highlights stay apart (Lab distance, ΔE).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from textual.color import Color as ThemeColor
from textual.color import rgb_to_lab

from reader.core.annotations import Color

THEME_COLORS: dict[Color, str] = {
    Color.YELLOW: "warning",
    Color.GREEN: "success",
    Color.BLUE: "primary",
    Color.PINK: "error",
}
"""The theme colour each highlight colour follows."""

STANDARD_HUES: dict[Color, str] = {
    Color.YELLOW: "#f2c300",
    Color.GREEN: "#2fb344",
    Color.BLUE: "#3b82f6",
    Color.PINK: "#e8459b",
}
"""Hues to fall back on where a theme's own colours are too alike to tell apart."""

ANSI_BACKGROUNDS: dict[Color, str] = {
    Color.YELLOW: "ansi_bright_yellow",
    Color.GREEN: "ansi_bright_green",
    Color.BLUE: "ansi_bright_cyan",
    Color.PINK: "ansi_bright_magenta",
}
"""Highlights in the terminal's own 16 colours (ANSI themes, 16-colour terminals): four
different colours, with black text on them."""

MARKS: dict[Color, str] = {
    Color.YELLOW: "▌",
    Color.GREEN: "┃",
    Color.BLUE: "║",
    Color.PINK: "╏",
}
"""Margin marks: a different shape per colour, so highlights are told apart without colour."""

MIN_CONTRAST = 4.5
"""WCAG AA for body text: text against every surface it is drawn on."""
MIN_DISTANCE = 20.0
"""How far apart (ΔE in Lab) any two highlight colours are kept."""
MIN_VISIBLE = 8.0
"""How far (ΔE) a highlight is kept from the background it is drawn on."""
_ALPHAS = tuple(step / 100 for step in range(60, 14, -5))


def variable(color: Color) -> str:
    """The CSS variable of a highlight colour (without the `$`): its marks and names."""
    return f"highlight-{color.value}"


def luminance(color: ThemeColor) -> float:
    """The WCAG relative luminance of a colour."""

    def channel(value: int) -> float:
        level = value / 255
        return level / 12.92 if level <= 0.04045 else ((level + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: ThemeColor, second: ThemeColor) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def distance(first: ThemeColor, second: ThemeColor) -> float:
    """How different two colours look: ΔE (CIE76), the distance in Lab."""
    one, two = rgb_to_lab(first), rgb_to_lab(second)
    return math.dist((one.L, one.a, one.b), (two.L, two.a, two.b))


def legible(color: ThemeColor, surfaces: Iterable[ThemeColor]) -> ThemeColor:
    """`color`, made lighter or darker (its hue kept) until it reads at MIN_CONTRAST on every
    surface."""
    surfaces = list(surfaces)
    darker = sum(luminance(surface) for surface in surfaces) / len(surfaces) > 0.18
    candidate = color
    for step in range(21):
        if all(contrast(candidate, surface) >= MIN_CONTRAST for surface in surfaces):
            return candidate
        amount = step / 20
        candidate = color.darken(amount) if darker else color.lighten(amount)
    return ThemeColor(0, 0, 0) if darker else ThemeColor(255, 255, 255)


def _backgrounds(
    hues: Mapping[Color, ThemeColor], background: ThemeColor, text: ThemeColor
) -> dict[Color, ThemeColor] | None:
    """The strongest blend of the hues into the background that keeps text legible on each
    and the four apart; None when no blend does."""
    for alpha in _ALPHAS:
        found = {color: background.blend(hue, alpha) for color, hue in hues.items()}
        colors = list(found.values())
        readable = all(contrast(text, color) >= MIN_CONTRAST for color in colors)
        apart = all(
            distance(one, two) >= MIN_DISTANCE
            for index, one in enumerate(colors)
            for two in colors[index + 1 :]
        )
        visible = all(distance(color, background) >= MIN_VISIBLE for color in colors)
        if readable and apart and visible:
            return found
    return None


def css_variables(variables: Mapping[str, str], ansi: bool = False) -> dict[str, str]:
    """The reading colours for a theme's variables: highlight backgrounds and marks, and the
    text, muted and strong colours the line-drawn widgets use. `ansi`: the theme (or the
    terminal) has only the 16 ANSI colours, which cannot be blended."""
    if ansi:
        found = {f"{variable(color)}-bg": ANSI_BACKGROUNDS[color] for color in Color}
        found |= {variable(color): variables[name] for color, name in THEME_COLORS.items()}
        found |= {
            "highlight-text": "ansi_black",
            "reader-text": variables["foreground"],
            "reader-muted": variables["foreground"],
            "reader-strong": variables["foreground"],
        }
        return found
    background = ThemeColor.parse(variables["background"])
    text = ThemeColor.parse(variables["foreground"])
    surfaces = [ThemeColor.parse(variables[name]) for name in ("background", "surface", "panel")]
    surfaces = [background + surface for surface in surfaces]  # translucent ones, made opaque
    if contrast(text, background) < MIN_CONTRAST:
        text = legible(text, surfaces)
    hues = {color: ThemeColor.parse(variables[name]) for color, name in THEME_COLORS.items()}
    backgrounds = _backgrounds(hues, background, text) or _backgrounds(
        {color: ThemeColor.parse(hue) for color, hue in STANDARD_HUES.items()}, background, text
    )
    if backgrounds is None:  # keep them apart at least; text is made legible on them below
        backgrounds = {
            color: background.blend(ThemeColor.parse(hue), 0.45)
            for color, hue in STANDARD_HUES.items()
        }
    every = surfaces + list(backgrounds.values())
    text = legible(text, every)
    muted = legible(background.blend(text, 0.7), every)
    strong = legible(ThemeColor.parse(variables["accent"]), surfaces)
    found = {f"{variable(color)}-bg": shade.hex for color, shade in backgrounds.items()}
    found |= {variable(color): legible(hues[color], surfaces).hex for color in Color}
    found |= {
        "highlight-text": text.hex,
        "reader-text": text.hex,
        "reader-muted": muted.hex,
        "reader-strong": strong.hex,
    }
    return found
