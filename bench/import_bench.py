"""Importing a large Kindle `My Clippings.txt`: the whole `reader import` process."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Figure, process_environment, seconds_figure

CLIPPINGS_BYTES = 5 * 1024 * 1024
TARGET_SECONDS = 3.0
WORDS = [
    "tide",
    "salt",
    "road",
    "caravan",
    "dawn",
    "ferry",
    "harbour",
    "lantern",
    "river",
    "stone",
    "market",
    "winter",
    "letter",
    "garden",
    "engine",
    "signal",
    "bridge",
    "archive",
    "orchard",
    "compass",
    "meadow",
    "workshop",
    "island",
]


def write_clippings(path: Path, size: int = CLIPPINGS_BYTES, seed: int = 7) -> int:
    """A `My Clippings.txt` of about `size` bytes as a Kindle writes it (CRLF, BOMs, notes,
    bookmarks, resized highlights, 300 books); returns how many entries it has."""
    rng = random.Random(seed)
    books = [f"Book {n} of the Shelf ({rng.choice(WORDS).title()}, Author {n})" for n in range(300)]
    parts: list[str] = []
    written = entries = 0
    minute = 0
    while written < size:
        book = rng.choice(books)
        start = rng.randrange(1, 90_000)
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 60)))
        minute += 1
        day, hour = 1 + minute // 1440 % 28, minute // 60 % 24
        stamp = f"Added on Monday, {day} June 2020 {hour:02}:{minute % 60:02}:00"
        kind = rng.random()
        if kind < 0.05:
            entry = f"{book}\r\n- Your Bookmark at location {start} | {stamp}\r\n\r\n\r\n"
        elif kind < 0.2:
            entry = f"{book}\r\n- Your Note at location {start} | {stamp}\r\n\r\n{words[:80]}\r\n"
        else:
            end = start + len(words) // 40
            text = words.capitalize() + "."
            head = f"- Your Highlight at location {start}-{end} | {stamp}"
            entry = f"\ufeff{book}\r\n{head}\r\n\r\n{text}\r\n"
            if rng.random() < 0.1:  # resized on the device: a longer clipping follows
                head = f"- Your Highlight at location {start}-{end + 2} | {stamp}"
                entry += f"==========\r\n{book}\r\n{head}\r\n\r\n{text} And more words.\r\n"
                entries += 1
        entry += "==========\r\n"
        parts.append(entry)
        written += len(entry.encode("utf-8"))
        entries += 1
    path.write_text("".join(parts), encoding="utf-8", newline="")
    return entries


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=process_environment())
    return time.perf_counter() - started


def bench_import(folder: Path, repeats: int) -> list[Figure]:
    """`reader import` of a 5 MB My Clippings.txt into a fresh database, and again (nothing
    new: every item unchanged)."""
    clippings = folder / "My Clippings.txt"
    entries = write_clippings(clippings)
    megabytes = clippings.stat().st_size / 1024 / 1024
    fresh = []
    for run in range(repeats):
        database = folder / f"import-{run}.json"
        fresh.append(
            _timed(
                [sys.executable, "-m", "reader", "import", str(clippings), "--db", str(database)]
            )
        )
    again = statistics.median(
        _timed(
            [
                sys.executable,
                "-m",
                "reader",
                "import",
                str(clippings),
                "--db",
                str(folder / "import-0.json"),
            ]
        )
        for _ in range(repeats)
    )
    label = f"import a {megabytes:.1f} MB My Clippings.txt ({entries} entries)"
    return [
        seconds_figure(label, TARGET_SECONDS, statistics.median(fresh)),
        seconds_figure("re-import it (all unchanged)", TARGET_SECONDS, again),
    ]
