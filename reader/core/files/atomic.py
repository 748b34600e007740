"""Crash-safe writes: a temporary file beside the target, forced to disk, then renamed over it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
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


def user_file_mode() -> int:
    """The mode a new file of the user's gets (0666 less the umask): exported notes are the
    user's documents, not the private database."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)  # read it back the portable way (a moment with a strict mask)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(
    path: Path,
    payload: bytes | Iterable[bytes],
    durable: bool = True,
    before_replace: Callable[[], None] | None = None,
    new_mode: int = 0o600,
) -> None:
    """Write `payload` to `path` so that a crash leaves either the old file or the new one.

    `payload` may come in pieces (a large database is written as it is encoded, never held
    whole). `durable` also forces the bytes to disk before the rename (fsync): what a power cut must
    not lose needs it; regenerable output can skip it. `before_replace` runs once the new
    bytes are safely written, just before they take the old file's place (backups use it).
    The file keeps the permissions it had; a new one gets `new_mode`.
    """
    if not path.parent.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        mode = new_mode
    descriptor, temporary = temporary_beside(path)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            for piece in (payload,) if isinstance(payload, bytes) else payload:
                handle.write(piece)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
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


def is_stream(path: Path) -> bool:
    """True for a character device or a FIFO (a terminal, /dev/null, a pipe): written straight."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_output(path: Path, payload: bytes | Iterable[bytes], durable: bool = True) -> None:
    """Write a command's output (whole, or in pieces) to `path`: a regular file crash-safely
    (replaced whole), a character device or FIFO straight into it (never replaced by a file).
    A block device, a socket or a folder is refused with an OSError that says so."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        with open(path, "wb") as stream:
            for piece in (payload,) if isinstance(payload, bytes) else payload:
                stream.write(piece)
        return
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder; give the name of a file to write")
    if mode is not None and not stat.S_ISREG(mode):
        raise OSError(1, "is a disk device or a socket; reader does not write to it")
    write_atomically(path, payload, durable)
