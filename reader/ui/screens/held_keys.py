"""Annotation keys pressed while the article's annotations are still being read: held, then
applied once they are in, at the cursor and selection they were pressed at (a key that did
nothing while the pane said "Loading" lost the highlight the reader asked for)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from reader.core.annotations import AnnotationSession
from reader.ui.screens.screen_part import ScreenPart
from reader.ui.widgets.article_view import ArticleView

Action = TypeVar("Action", bound=Callable[..., Any])


def waits_for_annotations(action: Action) -> Action:
    """Mark an action that needs the annotations: pressed before they are in, it is held."""

    @functools.wraps(action)
    def run(self: HeldKeys, *args: Any) -> Any:
        if self.session.loaded:
            return action(self, *args)
        self.hold_key(functools.partial(action, self, *args))
        return None

    run.waits_for_annotations = True  # type: ignore[attr-defined]
    return cast(Action, run)


@dataclass(frozen=True)
class _HeldKey:
    cursor: int
    selection: tuple[int, int] | None
    apply: Callable[[], object]


class HeldKeys(ScreenPart):
    """Holds annotation keys until the annotations are in, then applies them in order."""

    session: AnnotationSession
    view: ArticleView
    _held: list[_HeldKey]

    def hold_key(self, apply: Callable[[], object]) -> None:
        """Keep a key pressed before the annotations were read, with where it was pressed."""
        if not self._held:
            self.notify(
                "Reading this article's highlights: the key is applied as soon as they are in.",
                timeout=3,
                markup=False,
            )
        self._held.append(_HeldKey(self.view.cursor, self.view.selection, apply))

    def apply_held_keys(self) -> None:
        """Apply the held keys, each where it was pressed; the cursor (and any selection made
        since) is then put back where the reader has moved it."""
        held, self._held = self._held, []
        for key in held:
            now = (self.view.cursor, self.view.selection)
            self._place(key.cursor, key.selection)
            key.apply()
            if now != (key.cursor, key.selection):
                self._place(*now)

    def drop_held_keys(self, reason: str) -> None:
        """The annotations could not be read: the held keys are dropped, and that is said."""
        if self._held:
            count = len(self._held)
            self._held = []
            keys = "key was" if count == 1 else f"{count} keys were"
            self.notify(f"The {keys} not applied: {reason}", severity="error", markup=False)

    def _place(self, cursor: int, selection: tuple[int, int] | None) -> None:
        if selection is None:
            self.view.clear_selection()
            self.view.move_cursor(cursor)
        elif (self.view.cursor, self.view.selection) != (cursor, selection):
            self.view.select(*selection)
