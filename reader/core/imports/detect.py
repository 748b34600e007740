"""Which app wrote a file (by its content), and reading files and folders of them."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from reader.core.articles.text import UnreadableText, decode_with_guess
from reader.core.files import FileTooLarge, NotRegularFile, read_regular_file
from reader.core.imports.hypothesis import hypothesis_rows, parse_hypothesis
from reader.core.imports.kindle import SEPARATOR, parse_clippings
from reader.core.imports.kindle_header import parse_header
from reader.core.imports.koreader import looks_like_sidecar, parse_sidecar
from reader.core.imports.model import UNKNOWN_ENTRIES, ParseReport
from reader.core.imports.readwise import parse_readwise, readwise_columns

FORMATS = ("kindle", "koreader", "hypothesis", "readwise", "w3c")
"""Every format `reader import` reads; "w3c" is reader's own export."""
MAX_IMPORT_BYTES = 1 << 30
_SIDECAR = re.compile(r"(?:.+\.)?metadata\.[^/\\.]+\.lua")
"""KOReader's sidecar names (`metadata.epub.lua`; a copy renamed `book.metadata.epub.lua`)."""
_CLIPPINGS = re.compile(r"my clippings.*\.txt", re.IGNORECASE)
"""Kindle's own name for its file, and the names of its copies (`My Clippings (1).txt`)."""
_W3C_TYPES = ("Annotation", "AnnotationCollection", "AnnotationPage")


class ImportSourceError(Exception):
    """A path named for import cannot be read, or is of no known format (one line)."""


@dataclass
class ReadFiles:
    """What the named files and folders hold: other apps' items, reader's own W3C files."""

    report: ParseReport = field(default_factory=ParseReport)
    w3c: list[tuple[Path, str]] = field(default_factory=list)
    """reader's (or any W3C) JSON files, with their text, for the W3C import."""
    formats: dict[str, int] = field(default_factory=dict)
    """How many files of each format were read."""
    unknown: list[str] = field(default_factory=list)
    """One line per file of no known format."""
    unreadable: list[str] = field(default_factory=list)
    """One line per named file that could not be read (missing, binary, a device)."""


def _is_w3c(data: Any) -> bool:
    first = data[0] if isinstance(data, list) and data else data
    return isinstance(first, dict) and (
        "@context" in first or first.get("type") in _W3C_TYPES or "first" in first
    )


def format_of(text: str) -> str | None:
    """The format of an export, from its content; None when it is none reader knows."""
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in ("{", "["):
        import orjson

        try:
            data = orjson.loads(head)
        except orjson.JSONDecodeError:
            return "w3c"  # JSON that does not parse: the W3C reader says where and why
        if _is_w3c(data):
            return "w3c"
        # Any other JSON is read as W3C too, whose reader says what makes each item wrong.
        return "hypothesis" if hypothesis_rows(data) is not None else "w3c"
    if looks_like_sidecar(head):
        return "koreader"
    lines = head[:65536].replace("\r\n", "\n").split("\n")
    separated = any(line.replace("\ufeff", "").strip() == SEPARATOR for line in lines)
    # A file of one clipping may lack its closing line: then its second line is the header.
    window = lines[:200] if separated else lines[1:2]
    if any(parse_header(line) is not None for line in window if line.lstrip("\ufeff")[:1] == "-"):
        return "kindle"
    first = lines[0] if lines else ""
    import csv

    try:
        header = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return None
    return "readwise" if readwise_columns(header) is not None else None


def _walk(folder: Path, others: Counter[str]) -> Iterator[Path]:
    """The exports in a folder tree (a mounted e-reader): KOReader sidecars (not their
    `.old` backups) and Kindle's `My Clippings.txt`, in a stable order, links not followed;
    the other files are counted in `others` (backups apart)."""
    for root, folders, files in os.walk(folder):
        folders.sort()
        for name in sorted(files):
            if _SIDECAR.fullmatch(name) or _CLIPPINGS.fullmatch(name):
                yield Path(root, name)
            elif _SIDECAR.fullmatch(name.removesuffix(".old")):
                others["backups"] += 1
            else:
                others["files"] += 1


def _read_text(path: Path) -> str:
    try:
        raw = read_regular_file(path, MAX_IMPORT_BYTES)
    except FileNotFoundError:
        raise ImportSourceError(f"{path}: no such file or folder") from None
    except NotRegularFile as error:
        raise ImportSourceError(f"{path}: is {error.kind}, not a file to import") from None
    except FileTooLarge:
        raise ImportSourceError(f"{path}: is over 1 GiB; split it and import the parts") from None
    except OSError as error:
        raise ImportSourceError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        return decode_with_guess(raw)[0]
    except UnreadableText as error:
        raise ImportSourceError(f"{path}: {error}") from None


def parse_export(text: str, kind: str, zone: tzinfo | None, keep_discarded: bool) -> ParseReport:
    """One export's items, read as `kind`."""
    if kind == "kindle":
        return parse_clippings(text, zone)
    if kind == "koreader":
        return parse_sidecar(text, zone)
    if kind == "readwise":
        return parse_readwise(text, zone, keep_discarded)
    import orjson

    try:
        data = orjson.loads(text.lstrip("\ufeff"))
    except orjson.JSONDecodeError as error:
        report = ParseReport()
        report.problems.append(f"is not JSON ({error})")
        return report
    return parse_hypothesis(data)


def read_import_paths(
    paths: Sequence[Path],
    forced: str | None = None,
    zone: tzinfo | None = None,
    keep_discarded: bool = False,
) -> ReadFiles:
    """Every named file, and every export in every named folder, read by its format (or
    `forced`). A file of no known format is listed in `unknown`, one that cannot be read in
    `unreadable`: the others are read all the same."""
    found = ReadFiles()
    for named in paths:
        if named.is_dir():
            others: Counter[str] = Counter()
            files = list(_walk(named, others))
            if not files:
                found.unknown.append(
                    f"{named}: holds no KOReader sidecar (*.sdr/metadata.*.lua) or My Clippings.txt"
                )
            elif others["files"]:
                count = others["files"]
                found.unknown.append(
                    f"{named}: {count} other file{'s' if count != 1 else ''} in it, not"
                    " sidecars or My Clippings.txt (name a file to import it)"
                )
            if others["backups"]:
                found.report.skipped["KOReader's .old backups"] += others["backups"]
        else:
            files = [named]
        for path in files:
            try:
                text = _read_text(path)
            except ImportSourceError as error:
                found.unreadable.append(str(error))
                continue
            kind = forced or format_of(text)
            if kind is None:
                found.unknown.append(
                    f"{path}: is not an export reader knows (Kindle, KOReader, Hypothesis, "
                    "Readwise CSV or W3C JSON); name one with --format"
                )
                continue
            found.formats[kind] = found.formats.get(kind, 0) + 1
            if kind == "w3c":
                found.w3c.append((path, text))
                continue
            report = parse_export(text, kind, zone, keep_discarded)
            read = set(report.skipped) - {UNKNOWN_ENTRIES}
            unread = report.skipped[UNKNOWN_ENTRIES] or report.problems
            if unread and not (report.items or read or report.merged):
                found.formats[kind] -= 1
                found.formats = {name: count for name, count in found.formats.items() if count}
                other = format_of(text)
                hint = f"; it looks like {other}" if other not in (None, kind) else ""
                found.unknown.append(
                    f"{path}: holds nothing that reads as {kind}{hint}"
                    + ("; leave out --format to find its format" if forced else "")
                )
                continue
            found.report.problems.extend(f"{path}: {line}" for line in report.problems)
            report.problems = []
            found.report.extend(report)
    return found
