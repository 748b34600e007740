"""Changes to annotations, and their undo and redo stacks.

A change says which fields it touched, so that saving it (and undoing it) changes only those
fields of the record as it is then: an edit made meanwhile by another copy of `reader` to
another field is never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reader.core.annotations.model import Annotation

EDITABLE_FIELDS = ("color", "note", "tags")
"""The fields a person edits; an update changes some of them (and the modified time)."""
PLACE_FIELDS = ("target", "former")
"""The fields a repair of an annotation's place changes (its resolution follows them)."""


@dataclass(frozen=True)
class Change:
    """One annotation change: None before means added, None after means deleted."""

    before: Annotation | None
    after: Annotation | None
    label: str

    def inverse(self) -> Change:
        """The change that undoes this one."""
        return Change(self.after, self.before, self.label)

    @property
    def annotation_id(self) -> str:
        """The id of the annotation changed."""
        changed = self.after or self.before
        assert changed is not None, "a change touches an annotation"
        return changed.id

    @property
    def article_id(self) -> str:
        """The id of the article the annotation belongs to."""
        changed = self.after or self.before
        assert changed is not None, "a change touches an annotation"
        return changed.article_id

    @property
    def fields(self) -> tuple[str, ...]:
        """The editable fields an update changed (empty for an addition or a deletion)."""
        if self.before is None or self.after is None:
            return ()
        return tuple(
            name
            for name in (*EDITABLE_FIELDS, *PLACE_FIELDS)
            if getattr(self.before, name) != getattr(self.after, name)
        )

    def values(self) -> dict[str, Any]:
        """The changed fields' new values, with the resolution when the place changed."""
        after = self.after
        assert after is not None, "an update has an annotation after it"
        values = {name: getattr(after, name) for name in self.fields}
        if "target" in values:
            values["resolution"] = after.resolution
        return values


@dataclass
class History:
    """Undo and redo stacks of changes (a new change clears the redo stack)."""

    limit: int = 500
    _undo: list[Change] = field(default_factory=list)
    _redo: list[Change] = field(default_factory=list)

    def record(self, change: Change) -> None:
        """Remember a change just made."""
        self._undo.append(change)
        del self._undo[: -self.limit]
        self._redo.clear()

    def undo(self) -> Change | None:
        """The change to undo next, moved to the redo stack (None when there is none)."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change

    def redo(self) -> Change | None:
        """The undone change to make again, moved back to the undo stack (None when none)."""
        if not self._redo:
            return None
        change = self._redo.pop()
        self._undo.append(change)
        return change

    @property
    def can_undo(self) -> bool:
        """True when there is a change to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True when there is an undone change to redo."""
        return bool(self._redo)
