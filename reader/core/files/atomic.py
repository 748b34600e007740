"""Crash-safe writes: a temporary file beside the target, forced to disk, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def fsync_folder(folder: Path) -> None:
    """Force a folder's entries (a rename into it) to disk, where the platform allows it."""
    with contextlib.suppress(OSError):  # not every platform can open a folder
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def temporary_name(path: Path, tag: str) -> Path:
    """The name of a temporary file of `path`: `.NAME.<tag>.tmp` beside it."""
    return path.with_name(f".{path.name}.{tag}.tmp")


def temporary_beside(path: Path) -> tuple[int, str]:
    """Create (exclusively) a temporary file next to `path`, named `.NAME.<pid>-<n>.tmp`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for attempt in range(100):
        temporary = str(temporary_name(path, f"{os.getpid()}-{attempt}"))
        try:
            return os.open(temporary, flags, 0o600), temporary
        except FileExistsError:
            continue  # left by a killed writer with the same pid, or another thread's
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)


def write_atomically(
    path: Path,
    payload: bytes,
    durable: bool = True,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Write `payload` to `path` so that a crash leaves either the old file or the new one.

    `durable` also forces the bytes to disk before the rename (fsync): what a power cut must
    not lose needs it; regenerable output can skip it. `before_replace` runs once the new
    bytes are safely written, just before they take the old file's place (backups use it).
    """
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = temporary_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace()
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if durable:
        fsync_folder(path.parent)
