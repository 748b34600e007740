"""Reading files that may be anything: only regular files are read, and never past a limit.

A FIFO would block forever, `/dev/zero` would fill the memory: a path is opened without
blocking, checked to be a regular file, and read to at most the limit plus one byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """The path is a FIFO, a device, a socket or a folder, not a file to read."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not a regular file")
        self.kind = kind


class FileTooLarge(OSError):
    """The file is larger than the limit given."""

    def __init__(self, path: Path, limit: int) -> None:
        super().__init__(f"{path} is larger than {limit} bytes")
        self.limit = limit


def kind_of(mode: int) -> str:
    """What a file mode says the path is, in words ("a FIFO", "a device", …)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Raises NotRegularFile (a folder included, on every platform), FileTooLarge, or the
    OSError of opening or reading it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except IsADirectoryError:  # where a folder cannot even be opened (Windows)
        raise NotRegularFile(path, "a folder") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(path, kind_of(status.st_mode))
        if status.st_size > limit:  # refused from its size alone; reading stays capped anyway
            raise FileTooLarge(path, limit)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileTooLarge(path, limit)
    return data


class UnreadableText(ValueError):
    """A small text file of the user's that cannot be used; the message says why, in one line."""


class MissingText(UnreadableText):
    """The file is not there (a caller may fall back to defaults)."""


def read_text_file(path: Path, limit: int, kind: str) -> str:
    """A small UTF-8 file of the user's (settings, a note template), whole; refused in one line
    naming it and saying what is wrong: missing, not a file, over `limit`, unreadable, not
    UTF-8. `kind` names what the file should be ("settings file")."""
    try:
        raw = read_regular_file(path, limit)
    except FileNotFoundError:
        raise MissingText(f"{path}: no such {kind}") from None
    except NotRegularFile as error:
        raise UnreadableText(f"{path}: is {error.kind}, not a {kind}") from None
    except FileTooLarge:
        raise UnreadableText(f"{path}: is over {limit >> 20} MiB; that is not a {kind}") from None
    except OSError as error:
        raise UnreadableText(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableText(f"{path}: is not UTF-8 text") from None


def is_regular_file(path: Path) -> bool:
    """True for an existing regular file (a link to one included); never blocks."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False
