"""Run every benchmark and print one table: figure, target, measured median, pass or fail."""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import tempfile
from pathlib import Path

from bench.common import Figure
from bench.core_bench import bench_anchor, bench_load
from bench.export_bench import bench_export
from bench.import_bench import bench_import
from bench.query_bench import bench_queries
from bench.store_bench import bench_store
from bench.ui_bench import bench_ui


def print_table(figures: list[Figure]) -> None:
    """Print the figures as an aligned table."""
    rows = [("figure", "target", "measured", "result")]
    rows += [(f.name, f.target, f.measured, "pass" if f.passed else "FAIL") for f in figures]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median is shown)")
    parser.add_argument(
        "--only",
        choices=["core", "export", "import", "ui"],
        help="run one group of benchmarks",
    )
    options = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores,"
        f" {platform.python_implementation()} {platform.python_version()}"
    )
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        # Kept parses go to the run's own folder: the first opening of each article in a run
        # parses it, the next read it back (as a reader's article opened before is).
        os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
        if options.only in (None, "core"):
            figures += bench_load(folder, options.repeats)
            figures += bench_anchor(folder, options.repeats)
            figures += bench_store(folder, options.repeats)
        if options.only in (None, "export"):
            figures += bench_export(folder, options.repeats)
            figures += bench_queries(folder, options.repeats)
        if options.only in (None, "import"):
            figures += bench_import(folder, options.repeats)
        if options.only in (None, "ui"):
            figures += asyncio.run(bench_ui(folder, options.repeats))
    print_table(figures)


if __name__ == "__main__":
    main()
