"""Other apps' highlight colours mapped onto reader's four (the original is kept beside)."""

from __future__ import annotations

from reader.core.annotations import Color

_COLORS = {
    **dict.fromkeys(("yellow", "orange", "gray", "grey", "white", "brown", "beige"), Color.YELLOW),
    **dict.fromkeys(("green", "olive", "lime", "teal"), Color.GREEN),
    **dict.fromkeys(("blue", "cyan", "navy", "sky", "aqua"), Color.BLUE),
    **dict.fromkeys(("red", "pink", "purple", "magenta", "violet", "rose"), Color.PINK),
}


def color_named(name: str) -> Color | None:
    """reader's colour for another app's colour name ("Olive" is green); None when unknown."""
    return _COLORS.get(name.strip().casefold())


def mapped_color(name: str) -> Color:
    """reader's colour for another app's colour name, yellow when it names none of them."""
    return color_named(name) or Color.YELLOW
