"""Saving off the UI thread: changes are written in order by one background thread."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from reader.core.store import StoreError

RETRY_SECONDS = 2.0
"""How long a failed write waits before it is tried again."""

Operation = Callable[[], object]


class BackgroundWriter:
    """Runs store operations one at a time, in the order given, on a daemon thread.

    A failing operation is reported (once per failure streak) and retried, so later changes
    never overtake it and nothing is dropped while the app runs.
    """

    def __init__(
        self,
        report_failure: Callable[[str], None],
        report_recovery: Callable[[], None],
        written: Callable[[], None] = lambda: None,
    ) -> None:
        self._queue: queue.Queue[Operation | None] = queue.Queue()
        self._report_failure = report_failure
        self._report_recovery = report_recovery
        self._written = written
        self._idle = threading.Event()
        self._idle.set()
        self._stopping = threading.Event()
        self._pending = 0
        self._lock = threading.Lock()
        self.last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="reader-store-writer", daemon=True)
        self._thread.start()

    def submit(self, operation: Operation) -> None:
        """Queue an operation; it runs after every operation queued before it."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._queue.put(operation)

    @property
    def busy(self) -> bool:
        """True while operations are queued or running."""
        return not self._idle.is_set()

    def flush(self, timeout: float) -> bool:
        """Wait until everything queued is written; False if that took longer than `timeout`."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 5.0) -> bool:
        """Write what is queued (waiting up to `timeout`), then end the thread."""
        done = self.flush(timeout)
        self._stopping.set()
        self._queue.put(None)
        return done

    def _run(self) -> None:
        while True:
            operation = self._queue.get()
            if operation is None:
                return
            failing = False
            while True:
                try:
                    operation()
                except (OSError, StoreError) as error:
                    message = str(error)
                    if not failing or message != self.last_error:
                        self._report_failure(message)
                    failing, self.last_error = True, message
                    if self._stopping.wait(RETRY_SECONDS):
                        return
                    continue
                if failing:
                    self.last_error = None
                    self._report_recovery()
                self._written()
                break
            with self._lock:
                self._pending -= 1
                if self._pending == 0:
                    self._idle.set()
