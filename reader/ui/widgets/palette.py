"""The highlight palette: each colour's theme colour and margin mark, and legible colours per theme.

The app turns it into CSS variables (`$highlight-yellow`, `$highlight-yellow-bg`, `$reader-muted`
...) that the stylesheets use, and the widgets draw marks and colours from the same table. The
colours are worked out for each theme so that text keeps WCAG contrast 4.5:1 on the
background and on every highlight, and the four highlights stay apart (Lab distance, ΔE).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from rich.color import Color as RichColor
from rich.color import ColorSystem
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
MARKED_TINT = 0.10
FOCUSED_TINT = 0.22
"""How much of the text colour (of the accent, when the pane has focus) tints the marked
entry of the pane."""
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


def shown(color: ThemeColor, eight_bit: bool) -> ThemeColor:
    """The colour a terminal really shows: in 256 colours, the nearest of its palette."""
    if not eight_bit:
        return color
    triplet = RichColor.from_rgb(color.r, color.g, color.b).downgrade(ColorSystem.EIGHT_BIT)
    red, green, blue = triplet.get_truecolor()
    return ThemeColor(red, green, blue)


def legible(
    color: ThemeColor, surfaces: Iterable[ThemeColor], eight_bit: bool = False
) -> ThemeColor:
    """`color`, made lighter or darker (its hue kept) until it reads at MIN_CONTRAST on every
    surface (as the terminal shows them: `eight_bit` for 256 colours)."""
    surfaces = [shown(surface, eight_bit) for surface in surfaces]
    darker = sum(luminance(surface) for surface in surfaces) / len(surfaces) > 0.18
    candidate = color
    for step in range(21):
        if all(
            contrast(shown(candidate, eight_bit), surface) >= MIN_CONTRAST for surface in surfaces
        ):
            return candidate
        amount = step / 20
        candidate = color.darken(amount) if darker else color.lighten(amount)
    return ThemeColor(0, 0, 0) if darker else ThemeColor(255, 255, 255)


def _backgrounds(
    hues: Mapping[Color, ThemeColor],
    background: ThemeColor,
    text: ThemeColor,
    eight_bit: bool = False,
    apart: float = MIN_DISTANCE,
    surfaces: Sequence[ThemeColor] = (),
) -> dict[Color, ThemeColor] | None:
    """The strongest blend of the hues into the background on which text can be made to read
    (lighter or darker) and the four stay apart, as the terminal shows them; None when none."""
    background_shown = shown(background, eight_bit)
    for alpha in _ALPHAS:
        found = {color: background.blend(hue, alpha) for color, hue in hues.items()}
        if eight_bit:  # what a 256-colour terminal will draw: judge that, and give that
            found = {color: shown(shade, True) for color, shade in found.items()}
        colors = list(found.values())
        # The text may be made lighter or darker for them (legible does so afterwards).
        everywhere = [*colors, *surfaces]
        adjusted = shown(legible(text, everywhere, eight_bit), eight_bit)
        readable = all(
            contrast(adjusted, shown(color, eight_bit)) >= MIN_CONTRAST for color in everywhere
        )
        far = all(
            distance(one, two) >= apart
            for index, one in enumerate(colors)
            for two in colors[index + 1 :]
        )
        visible = all(distance(color, background_shown) >= MIN_VISIBLE for color in colors)
        if readable and far and visible:
            return found
    return None


_CUBE_LEVELS = (0, 95, 135, 175, 215, 255)
"""The levels of the 6×6×6 colour cube of a 256-colour terminal."""


def _from_the_cube(
    hues: Mapping[Color, ThemeColor], background: ThemeColor, text: ThemeColor
) -> dict[Color, ThemeColor] | None:
    """Four highlight colours picked from a 256-colour terminal's own cube: each the one
    nearest its hue blended into the background, among those text reads on, kept apart."""
    text = shown(text, True)
    usable = [
        ThemeColor(red, green, blue)
        for red in _CUBE_LEVELS
        for green in _CUBE_LEVELS
        for blue in _CUBE_LEVELS
    ]
    usable = [
        shade
        for shade in usable
        if contrast(text, shade) >= MIN_CONTRAST and distance(shade, background) >= MIN_VISIBLE
    ]
    chosen: dict[Color, ThemeColor] = {}
    for color, hue in hues.items():
        target = background.blend(hue, 0.4)
        for shade in sorted(usable, key=lambda shade: distance(shade, target)):
            if all(distance(shade, other) >= MIN_DISTANCE for other in chosen.values()):
                chosen[color] = shade
                break
        else:
            return None
    return chosen


def css_variables(
    variables: Mapping[str, str], ansi: bool = False, eight_bit: bool = False
) -> dict[str, str]:
    """The reading colours for a theme's variables: highlight backgrounds and marks, and the
    text, muted and strong colours the line-drawn widgets use. `ansi`: the theme (or the
    terminal) has only the 16 ANSI colours, which cannot be blended; `eight_bit`: the
    terminal shows 256 colours, so the colours are judged as it will draw them."""
    if ansi:
        found = {f"{variable(color)}-bg": ANSI_BACKGROUNDS[color] for color in Color}
        found |= {variable(color): ANSI_BACKGROUNDS[color] for color in Color}
        found |= {
            "highlight-text": "ansi_black",
            "reader-text": variables["foreground"],
            "reader-muted": variables["foreground"],
            "reader-strong": variables["foreground"],
            "reader-marked": "ansi_bright_black",
            "reader-marked-focus": "ansi_bright_black",
            "reader-added": "ansi_green",
            "reader-removed": "ansi_red",
            "reader-footer-key": variables.get("footer-key-foreground", variables["accent"]),
        }
        return found
    background = ThemeColor.parse(variables["background"])
    text = ThemeColor.parse(variables["foreground"])
    surfaces = [ThemeColor.parse(variables[name]) for name in ("background", "surface", "panel")]
    surfaces = [background + surface for surface in surfaces]  # translucent ones, made opaque
    if contrast(text, background) < MIN_CONTRAST:
        text = legible(text, surfaces)
    hues = {color: ThemeColor.parse(variables[name]) for color, name in THEME_COLORS.items()}
    standard = {color: ThemeColor.parse(hue) for color, hue in STANDARD_HUES.items()}
    accent = ThemeColor.parse(variables["accent"])
    # Text lies on these too: the surfaces, and the pane's marked entry (a tint of the text
    # colour; focused, of the accent).
    tinted = [
        *surfaces,
        background.blend(text, MARKED_TINT),
        background.blend(accent, FOCUSED_TINT),
    ]
    backgrounds = None
    if eight_bit:  # few of a 256-colour palette's shades lie near some backgrounds
        backgrounds = _backgrounds(hues, background, text, True, surfaces=tinted) or _from_the_cube(
            hues, background, text
        )
    # Text legible first; then as far apart as the terminal's colours allow.
    for apart in (MIN_DISTANCE, 15.0, 10.0, 6.0):
        if backgrounds is not None:
            break
        backgrounds = _backgrounds(
            hues, background, text, eight_bit, apart, tinted
        ) or _backgrounds(standard, background, text, eight_bit, apart, tinted)
    if backgrounds is None:  # apart at least; text is made legible on them below
        backgrounds = {color: background.blend(hue, 0.3) for color, hue in standard.items()}
    # The pane's marked entry lies on a tint of the text colour (focused: of the accent).
    marked = background.blend(text, MARKED_TINT)
    focused = background.blend(ThemeColor.parse(variables["accent"]), FOCUSED_TINT)
    every = surfaces + list(backgrounds.values())
    text = legible(text, [*every, marked, focused], eight_bit)
    muted = legible(background.blend(text, 0.7), [*every, marked, focused], eight_bit)
    strong = legible(ThemeColor.parse(variables["accent"]), [*surfaces, marked, focused], eight_bit)
    found = {f"{variable(color)}-bg": shade.hex for color, shade in backgrounds.items()}
    found |= {variable(color): legible(hues[color], surfaces, eight_bit).hex for color in Color}
    found |= {"reader-marked": marked.hex, "reader-marked-focus": focused.hex}
    found |= {
        "highlight-text": text.hex,
        "reader-text": text.hex,
        "reader-muted": muted.hex,
        "reader-strong": strong.hex,
        # A review's words added and removed, legible on the panes they are shown in.
        "reader-added": legible(ThemeColor.parse(variables["success"]), surfaces, eight_bit).hex,
        "reader-removed": legible(ThemeColor.parse(variables["error"]), surfaces, eight_bit).hex,
        "reader-footer-key": _footer_key(variables, eight_bit).hex,
    }
    return found


def _footer_key(variables: Mapping[str, str], eight_bit: bool) -> ThemeColor:
    """The footer's key colour, made legible on the footer (a light theme's blue on grey
    was 2.3:1)."""
    key = ThemeColor.parse(variables.get("footer-key-foreground", variables["accent"]))
    footer = ThemeColor.parse(variables.get("footer-background", variables["panel"]))
    return legible(key, [ThemeColor.parse(variables["background"]) + footer], eight_bit)
