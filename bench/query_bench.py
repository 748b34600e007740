"""Reading the whole library at 100,000 annotations: `reader search`, `list`, the Markdown and
JSON exports against their floors (each run alternated with its floor), and ctrl+f in a pty.

Each floor is the plain-Python way of doing the command's work once: parse the database with
the standard library, then write every annotation (or every match) as one line, as indented
JSON, or (Markdown) as one file per article, as the export writes one note per article. The
store is the store bench's 100,000 (1,000 articles whose files the library never saw).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import Figure, process_environment
from bench.store_bench import make_store
from bench.terminal import Terminal

SEARCHED = "custody"

FLOORS = {
    "list": """
import collections, json, sys
from pathlib import Path
database = json.loads(Path(sys.argv[1]).read_bytes())
counts = collections.Counter(doc["article_id"] for doc in database["annotations"].values())
print("\\n".join(f"{count} {article}" for article, count in counts.items()))
""",
    "search": """
import json, re, sys
from pathlib import Path
database = json.loads(Path(sys.argv[1]).read_bytes())
pattern = re.compile(sys.argv[2], re.IGNORECASE)
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for doc in database["annotations"].values():
        if pattern.search(doc["quote"]["exact"]) or pattern.search(doc["note"]):
            out.write(doc["article_id"] + " " + doc["quote"]["exact"][:100] + "\\n")
""",
    "markdown": """
import collections, json, sys
from pathlib import Path
database = json.loads(Path(sys.argv[1]).read_bytes())
by_article = collections.defaultdict(list)
for doc in database["annotations"].values():
    by_article[doc["article_id"]].append(doc)
folder = Path(sys.argv[3])
folder.mkdir(exist_ok=True)
for article, docs in by_article.items():
    with open(folder / (article + ".md"), "w", encoding="utf-8") as out:
        out.write("# " + article + "\\n\\n")
        for doc in docs:
            quote = doc["quote"]["exact"].replace("\\n", " ")
            out.write("> " + quote + "\\n\\n" + doc["note"] + "\\n")
""",
    "one file": """
import json, sys
from pathlib import Path
database = json.loads(Path(sys.argv[1]).read_bytes())
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for doc in database["annotations"].values():
        out.write("> " + doc["quote"]["exact"].replace("\\n", " ") + "\\n\\n" + doc["note"] + "\\n")
""",
    "json": """
import json, sys
import orjson
from pathlib import Path
database = json.loads(Path(sys.argv[1]).read_bytes())
items = list(database["annotations"].values())
Path(sys.argv[3]).write_bytes(orjson.dumps(items, option=orjson.OPT_INDENT_2))
""",
}
"""The floors, given the database, the query and the output file."""


def _run(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident MiB of a whole process."""
    timed = ["/usr/bin/time", "-f", "%M", *command]
    started = time.perf_counter()
    done = subprocess.run(
        timed, check=True, capture_output=True, text=True, env=process_environment()
    )
    seconds = time.perf_counter() - started
    return seconds, int(done.stderr.strip().splitlines()[-1]) // 1024


def _paired(
    command: list[str], floor: list[str], repeats: int, before: Callable[[], None] = lambda: None
) -> tuple[float, float, int, int]:
    """Medians of the command and its floor run in alternated pairs, and their peak memory;
    `before` runs ahead of each run, untimed."""
    pairs = []
    for _ in range(repeats):
        before()
        base = _run(floor)
        before()
        pairs.append((base, _run(command)))
    return (
        statistics.median(run[0] for _, run in pairs),
        statistics.median(base[0] for base, _ in pairs),
        max(run[1] for _, run in pairs),
        max(base[1] for base, _ in pairs),
    )


def _emptied(*folders: Path) -> Callable[[], None]:
    """Remove `folders` (or files) so that the next run writes every note afresh."""

    def empty() -> None:
        for folder in folders:
            if folder.is_dir():
                shutil.rmtree(folder)
            else:
                folder.unlink(missing_ok=True)

    return empty


def _commands(database: Path, output: Path) -> dict[str, list[str]]:
    reader = [sys.executable, "-m", "reader"]
    return {
        "list": [*reader, "list", "--db", str(database)],
        "search": [*reader, "search", SEARCHED, "--db", str(database)],
        "markdown": [*reader, "export", "--db", str(database), "-o", f"{output}/notes/"],
        "json": [
            *reader,
            "export",
            "--format",
            "json",
            "--db",
            str(database),
            "-o",
            f"{output}/a.json",
        ],
    }


def _ctrl_f(database: Path) -> list[Figure]:
    """ctrl+f in the app: the search screen's first frame, the first results of a word typed
    at once (the index read meanwhile), then each letter typed once it is read."""
    with Terminal([sys.executable, "-m", "reader", "--db", str(database)]) as screen:
        screen.wait_for(b"Denver officials")
        screen.settle(quiet=0.5)
        opened, _ = screen.frames_after(b"\x06", quiet=0.05)  # ctrl+f
        start = time.perf_counter()
        os.write(screen.leader, SEARCHED.encode())
        screen.wait_for(b"matches in", timeout=120)
        first_results = time.perf_counter() - start + opened
        screen.settle(quiet=0.5)
        for _ in SEARCHED:
            screen.frames_after(b"\x7f", quiet=0.2)  # backspace to an empty query
        # The results' frame says how many match ("40+ matches, counting the rest…", or
        # "Nothing matches"); the count of every match comes in a later frame.
        letters = [screen.frame_with(letter.encode(), b"atches") for letter in "the court"]
    results = [first for first, _ in letters]
    counted = [last for _, last in letters]
    return [
        Figure(
            "ctrl+f, 100,000: the search screen on screen",
            "≤ 300 ms",
            f"{opened * 1000:.0f} ms",
            opened <= 0.3,
        ),
        Figure(
            "  first results of a word typed at once (library read meanwhile)",
            "(context)",
            f"{first_results:.2f} s",
            True,
        ),
        Figure(
            "  then per letter typed, to the frame with its first results",
            "≤ 50 ms",
            f"{statistics.median(results) * 1000:.0f} ms (worst {max(results) * 1000:.0f})",
            statistics.median(results) <= 0.050,
        ),
        Figure(
            "  to the frame with the count of every match",
            "(context)",
            f"{statistics.median(counted) * 1000:.0f} ms (worst {max(counted) * 1000:.0f})",
            True,
        ),
    ]


def _ratio(name: str, target: float, measured: tuple[float, float, int, int]) -> Figure:
    run, base, memory, base_memory = measured
    return Figure(
        name,
        f"≤ {target}×" if target else "(context)",
        f"{run / base:.2f}× ({run:.2f} / {base:.2f} s; {memory} / {base_memory} MiB)",
        run <= target * base if target else True,
    )


def bench_queries(folder: Path, repeats: int) -> list[Figure]:
    """Every figure of reading the whole library at 100,000 annotations."""
    database = folder / "queries-100k.json"
    make_store(database, 100_000).compact()
    out = folder / "query-out"
    out.mkdir(exist_ok=True)
    floor_out = folder / "f"
    commands = _commands(database, out)

    def floor(name: str) -> list[str]:
        return [sys.executable, "-c", FLOORS[name], str(database), SEARCHED, str(floor_out)]

    def warm(command: list[str]) -> None:
        subprocess.run(command, capture_output=True, env=process_environment())

    figures = []
    for name in ("list", "search", "json"):
        warm(commands[name])
        target = 2.0 if name == "json" else 1.5
        measured = _paired(commands[name], floor(name), repeats)
        figures.append(_ratio(f"{name}, 100,000 annotations, vs its floor", target, measured))
    # Markdown: 1,000 notes written into an empty folder, against writing the same 1,000 files
    # plainly (and, for the record, against the earlier floor of one file); then an export again
    # with nothing changed, which reads each note back and writes none.
    markdown, empty = commands["markdown"], _emptied(out / "notes", floor_out)
    warm(markdown)
    fresh = _paired(markdown, floor("markdown"), repeats, before=empty)
    figures.append(_ratio("markdown, 100,000, into an empty folder, vs its floor", 1.5, fresh))
    one_file = _paired(markdown, floor("one file"), repeats, before=empty)
    figures.append(_ratio("  the same, vs writing one file (the earlier floor)", 0, one_file))
    empty()
    warm(markdown)
    again = _paired(markdown, floor("markdown"), repeats, before=_emptied(floor_out))
    figures.append(_ratio("  exported again, nothing changed, vs the floor", 1.5, again))
    return [*figures, *_ctrl_f(database)]
