"""The journal beside the database file: each saved change one appended, fsynced line.

A save costs what it changes instead of rewriting the whole file. The first line names the
database file state the journal follows (its `base`); each further line is one write's
operations with a checksum, so a line cut short by a crash is told from a damaged one. The
journal is folded into the database file by a compaction, which starts a new one.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import orjson

from reader.core.files import write_atomically
from reader.core.store.state import Operation

JOURNAL_VERSION = 1
_CHECK_TAIL = len(b',"crc":"00000000"}\n')
WORTH = ("none", "content", "force")
"""What a write is worth keeping as a backup, least first (see backups.keep_backup)."""


class DamagedJournal(ValueError):
    """A journal line other than the last does not read: the journal was altered."""

    def __init__(self, message: str, readable: JournalRead) -> None:
        super().__init__(message)
        self.readable = readable
        """The writes before the line that does not read (what a repair keeps)."""


def journal_path(database: Path) -> Path:
    """Where a database's journal lives: beside it, named after it."""
    return database.with_name(database.name + ".journal")


@dataclass(frozen=True)
class JournalRead:
    """What a journal holds after a given offset."""

    operations: list[Operation]
    end: int
    """The offset just past the last whole line (a line cut short by a crash is not counted)."""
    worth: str
    """The most any of these writes is worth keeping as a backup."""


def header(base: str) -> bytes:
    """The journal's first line, for a database file whose state is `base`."""
    return orjson.dumps({"journal": JOURNAL_VERSION, "base": base}) + b"\n"


def encode_line(operations: list[Operation], worth: str) -> bytes:
    """One write as a journal line: its operations, what it is worth, and a checksum."""
    body = orjson.dumps({"ops": operations, "worth": worth})
    return body[:-1] + b',"crc":"%08x"}\n' % zlib.crc32(body)


def _decode_line(line: bytes) -> tuple[list[Operation], str] | None:
    """A line's operations and worth, or None when it is not a whole, unaltered line."""
    if len(line) <= _CHECK_TAIL or not line.endswith(b'"}\n'):
        return None
    body = line[:-_CHECK_TAIL] + b"}"
    try:
        written = int(line[-_CHECK_TAIL + 8 : -3], 16)
    except ValueError:
        return None
    if zlib.crc32(body) != written:
        return None
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    operations, worth = value.get("ops"), value.get("worth")
    if not isinstance(operations, list) or worth not in WORTH:
        return None
    checked: list[Operation] = []
    for operation in operations:
        if not (
            isinstance(operation, list)
            and len(operation) == 3
            and isinstance(operation[0], str)
            and isinstance(operation[1], str)
            and (operation[2] is None or isinstance(operation[2], dict))
        ):
            return None
        checked.append((operation[0], operation[1], operation[2]))
    return checked, worth


def read_header(raw: bytes) -> tuple[str, int]:
    """The base a journal's bytes name and where its first line ends; ('', 0) without one."""
    end = raw.find(b"\n")
    if end < 0:
        return "", 0
    try:
        value = orjson.loads(raw[:end])
    except orjson.JSONDecodeError:
        return "", 0
    if not isinstance(value, dict) or value.get("journal") != JOURNAL_VERSION:
        return "", 0
    base = value.get("base")
    return (base if isinstance(base, str) else ""), end + 1


def read_lines(raw: bytes, start: int) -> JournalRead:
    """The writes in a journal's bytes from offset `start` (just past a whole line).

    Raises DamagedJournal when a line that is followed by others does not read.
    """
    operations: list[Operation] = []
    worth = 0
    position = start
    while position < len(raw):
        end = raw.find(b"\n", position)
        line = raw[position : end + 1] if end >= 0 else raw[position:]
        decoded = _decode_line(line)
        if decoded is None:
            if end >= 0 and raw[end + 1 :].strip(b"\0 \n"):
                readable = JournalRead(operations, position, WORTH[worth])
                raise DamagedJournal(f"line at byte {position} does not read", readable)
            break  # the last write, cut short by a crash: it was never reported saved
        operations.extend(decoded[0])
        worth = max(worth, WORTH.index(decoded[1]))
        position = end + 1
    return JournalRead(operations, position, WORTH[worth])


def append(path: Path, line: bytes, at: int) -> int:
    """Write one line at offset `at` (cutting off any torn line after it) and fsync it.

    Returns the offset after the line.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        if os.fstat(descriptor).st_size != at:
            os.ftruncate(descriptor, at)
        written = os.pwrite(descriptor, line, at)
        if written != len(line):
            os.ftruncate(descriptor, at)
            raise OSError(28, "the line could not be written whole")
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return at + len(line)


def start_journal(path: Path, base: str) -> int:
    """Replace the journal with an empty one following database state `base`; its length."""
    line = header(base)
    write_atomically(path, line)
    return len(line)
