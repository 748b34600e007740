"""The base of the screens' key mixins: to the type checker, the screen they are mixed into
(its app, notify and the rest), so that no mixin repeats their signatures."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    class ScreenPart(Screen[None]):
        """A part of a screen's behaviour, mixed into the screen."""

else:

    class ScreenPart:
        """A part of a screen's behaviour, mixed into the screen."""
