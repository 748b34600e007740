"""Undo and redo of annotation changes: each change remembers the whole before and after."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.core.annotations.model import Annotation


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
        """The change to apply to undo the last one (None when there is nothing to undo)."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._redo.append(change)
        return change.inverse()

    def redo(self) -> Change | None:
        """The change to apply to redo the last undone one (None when there is none)."""
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
