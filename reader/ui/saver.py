"""The saver: the only path from the UI to the store, on a thread of its own.

Changes are written in the order they were made, retried while the store refuses them, and
reported by messages (written, failed, recovered). Reading positions are coalesced (only the
latest of each article is written) and, like remembered anchor places and registrations,
are a cache: when one cannot be written, the reader is warned and nothing is retried. The UI
thread never takes the database lock and never waits for a write.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from textual.message import Message
from textual.message_pump import MessagePump

from reader.core.annotations import Annotation, Change, Resolution
from reader.core.articles import Article
from reader.core.library import Library, OpenedArticle
from reader.core.store import StoreError

RETRY_SECONDS = 2.0
"""How long a failed change waits before it is tried again."""

EXTERNAL_CHECK_SECONDS = 1.0
"""How often an open screen looks for changes made elsewhere (`reader import`, another copy)."""


@dataclass
class _Job:
    """One thing to write; `change` jobs are the reader's work and are never dropped."""

    run: Callable[[], object]
    label: str
    article_id: str
    change: Change | None = None
    article: Article | None = None


class Saver:
    """Writes what the UI asks, in order, off the UI thread, and says how it went."""

    @dataclass
    class Written(Message):
        """Something was written; `before` and `after` are the database's change tokens."""

        article_id: str
        before: tuple[int, ...]
        after: tuple[int, ...]

    @dataclass
    class Failed(Message):
        """A write failed; changes are kept and retried, a cache write is dropped."""

        reason: str
        kept: bool
        """True when the failed write was a change the reader made (kept, to be retried)."""
        recovery: tuple[Path, ...] = ()
        """Files the unsaved changes were written to meanwhile (for `reader import`)."""
        what: str = ""
        """What failed to be written: a change's label, "position", "registration"…"""

    @dataclass
    class Recovered(Message):
        """Writes succeed again after a failure."""

    def __init__(self, library: Library, target: MessagePump) -> None:
        self.library = library
        self._target = target
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._pending: list[_Job] = []
        self._positions: dict[str, tuple[int, int]] = {}
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = threading.Event()
        self.last_error: str | None = None
        self.recovery_files: set[Path] = set()
        """Recovery files written during the current run of failures."""
        self._kept: frozenset[tuple[str, str]] = frozenset()
        self._thread = threading.Thread(target=self._run, name="reader-saver", daemon=True)
        self._thread.start()

    # Asking --------------------------------------------------------------------------------

    def save_change(self, change: Change, article: Article) -> None:
        """Save an annotation change (field by field onto the stored record)."""
        store = self.library.store
        self._submit(
            _Job(lambda: store.apply(change), change.label, change.article_id, change, article)
        )

    def save_position(self, article_id: str, position: int, progress: int) -> None:
        """Remember the reading position (only the latest one per article is written)."""
        with self._lock:
            queued = article_id in self._positions
            self._positions[article_id] = (position, progress)
        if not queued:
            self._submit(_Job(lambda: self._write_position(article_id), "position", article_id))

    def save_resolutions(self, article_id: str, changed: Sequence[tuple[str, Resolution]]) -> None:
        """Remember where annotations were found (a cache: a failure only warns)."""
        pending = list(changed)
        if pending:
            run = lambda: self.library.save_resolutions(pending)  # noqa: E731
            self._submit(_Job(run, "anchors", article_id))

    def register(self, opened: OpenedArticle) -> None:
        """Record an opened article in the library (a cache: a failure only warns)."""
        if opened.needs_registration:
            run = lambda: self.library.register(opened)  # noqa: E731
            self._submit(_Job(run, "registration", opened.article.id))

    def run_for_user(self, run: Callable[[], object], article_id: str) -> None:
        """A change the user asked for (relinking, deleting an article's annotations), queued
        behind every other write; a failure is reported."""
        self._submit(_Job(run, "change", article_id))

    def relink_and_wait(self, article_id: str, path: Path, timeout: float = 30) -> str | None:
        """Point an article at a file, behind every other write, and wait for it (never on
        the UI thread): why it could not be done, or None when it was."""
        problems: list[str] = []

        def run() -> None:
            from reader.core.articles import ArticleError

            try:
                self.library.relink(article_id, path)
            except (ArticleError, ValueError, OSError) as error:
                problems.append(str(error))

        self.run_for_user(run, article_id)
        self.flush(timeout)
        return problems[0] if problems else None

    def register_all(self, pending: Sequence[tuple[Article, tuple[int, int]]]) -> None:
        """Record new or changed files the library listing found (a cache)."""
        if pending:
            from reader.core.library import register_files

            items = list(pending)
            self._submit(_Job(lambda: register_files(self.library, items), "registration", ""))

    # State ---------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while anything is queued or being written."""
        return not self._idle.is_set()

    def pending_for(self, article_id: str) -> bool:
        """True while a change to `article_id`'s annotations waits to be written."""
        with self._lock:
            return any(
                job.change is not None and job.change.article_id == article_id
                for job in self._pending
            )

    def unsaved(self) -> list[tuple[Article, list[Annotation]]]:
        """The reader's changes not written yet, as annotations per article (for recovery).

        Deletions are left out: keeping a highlight the reader deleted loses nothing.
        """
        by_article: dict[str, tuple[Article, dict[str, Annotation]]] = {}
        with self._lock:
            for job in self._pending:
                if job.change is None or job.article is None or job.change.after is None:
                    continue
                _, annotations = by_article.setdefault(job.article.id, (job.article, {}))
                annotations[job.change.after.id] = job.change.after
        return [(article, list(found.values())) for article, found in by_article.values()]

    def flush(self, timeout: float) -> bool:
        """Wait (not on the UI thread) until everything queued is written."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10.0) -> bool:
        """Write what is queued (waiting up to `timeout`), then end the thread."""
        done = self.flush(timeout)
        self._stopping.set()
        self._queue.put(None)
        return done

    # The thread ----------------------------------------------------------------------------

    def _submit(self, job: _Job) -> None:
        with self._lock:
            self._pending.append(job)
            self._idle.clear()
        self._queue.put(job)

    def _write_position(self, article_id: str) -> None:
        with self._lock:
            position, progress = self._positions[article_id]
        self.library.remember_position(article_id, position, progress)
        with self._lock:
            if self._positions.get(article_id) == (position, progress):
                del self._positions[article_id]
            else:  # moved again while this was written: write the newer place too
                again = _Job(lambda: self._write_position(article_id), "position", article_id)
                self._queue.put(again)

    def _keep_unsaved(self) -> tuple[Path, ...]:
        """Write every change not yet saved to a recovery file at once (a crash, a closed
        terminal or a kill must not take them)."""
        from reader.ui.recovery import write_recovery_file

        unsaved = self.unsaved()
        waiting_now = frozenset(
            (item.id, item.updated) for _, annotations in unsaved for item in annotations
        )
        if waiting_now == self._kept and self.recovery_files:
            return tuple(self.recovery_files)  # retried, nothing new: the files are up to date
        self._kept = waiting_now
        written = []
        for article, waiting in unsaved:
            try:
                written.append(write_recovery_file(article, waiting, self.library.store))
            except OSError:
                continue
        self.recovery_files.update(written)
        return tuple(written)

    def _forget_recovery(self) -> None:
        """Everything is saved after all: the recovery files are out of date."""
        for path in self.recovery_files:
            with contextlib.suppress(OSError):
                path.unlink()
        self.recovery_files.clear()
        self._kept = frozenset()

    def _post(self, message: Message) -> None:
        self._target.post_message(message)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            self._perform(job)
            with self._lock:
                if job in self._pending:
                    self._pending.remove(job)
                if not self._pending and self._queue.empty():
                    self._idle.set()

    def _perform(self, job: _Job) -> None:
        store = self.library.store
        failing = False
        while True:
            store.last_write = None
            try:
                job.run()
            except (OSError, StoreError) as error:
                message = str(error)
                kept = job.change is not None
                recovery = self._keep_unsaved() if kept else ()
                if not failing or message != self.last_error:
                    self._post(self.Failed(message, kept, recovery, job.label))
                failing, self.last_error = True, message
                if not kept or self._stopping.wait(RETRY_SECONDS):
                    return
                continue
            if failing:
                self.last_error = None
                self._forget_recovery()
                self._post(self.Recovered())
            tokens = store.last_write
            if tokens is not None:
                self._post(self.Written(job.article_id, *tokens))
            return


def saver_of(app: Any) -> Saver:
    """The saver of the running app (screens reach it through here)."""
    return cast(Saver, app.saver)
