"""Run every benchmark and print one table: figure, target, measured median, pass or fail."""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.anchor import make_target, resolve
from reader.core.annotation import Annotation, new_annotation_id
from reader.core.article import load_article, text_hash
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir


@dataclass(frozen=True)
class Figure:
    """One measured figure against its target."""

    name: str
    target_seconds: float
    median_seconds: float

    @property
    def passed(self) -> bool:
        """True when the median is within the target."""
        return self.median_seconds <= self.target_seconds


def _median(run: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _article_text(megabytes: int) -> str:
    """Prose-like text: seed paragraphs, words shuffled so none repeats, hard-wrapped."""
    seeds = [load_article(path).text for path in sorted(sample_articles_dir().glob("*.txt"))]
    paragraphs = [p for text in seeds for p in text.split("\n\n")]
    rng = random.Random(1)
    parts: list[str] = ["A very long article\n"]
    size = 0
    while size < megabytes * 1_000_000:
        words = rng.choice(paragraphs).split(" ")
        rng.shuffle(words)
        wrapped = "\n".join(" ".join(words[i : i + 12]) for i in range(0, len(words), 12))
        parts.append(wrapped)
        size += len(wrapped) + 2
    return "\n\n".join(parts) + "\n"


def bench_load(folder: Path, repeats: int) -> list[Figure]:
    """A 20 MB plain-text article loads in under a second (the foundation issue's target).

    Markdown goes through a full CommonMark parser and is measured at a size articles have.
    """
    plain = folder / "big.txt"
    plain.write_text(_article_text(20), encoding="utf-8")
    markdown = folder / "long.md"
    markdown.write_text("---\ntitle: Long\n---\n\n" + _article_text(2), encoding="utf-8")
    return [
        Figure("load a 20 MB .txt article", 1.0, _median(lambda: load_article(plain), repeats)),
        Figure("load a 2 MB .md article", 1.0, _median(lambda: load_article(markdown), repeats)),
    ]


def bench_anchor(folder: Path, repeats: int) -> list[Figure]:
    """Re-anchoring after an edit in a 5 MB article: exact, moved and fuzzy cases."""
    text = _article_text(5).replace("\n", " ")
    rng = random.Random(2)
    starts = [rng.randrange(0, len(text) - 200) for _ in range(100)]
    targets = [make_target(text, start, start + 120, text_hash(text)) for start in starts]
    edited = "An added first paragraph.\n\n" + text
    edited_hash = text_hash(edited)
    fuzzy_target = targets[0]
    where = fuzzy_target.position.start + len(edited) - len(text) + 40
    changed = edited[:where] + "XYZ" + edited[where + 3 :]
    changed_hash = text_hash(changed)
    assert resolve(fuzzy_target, changed, changed_hash).status.value == "fuzzy"
    return [
        Figure(
            "re-anchor 100 highlights after an edit, 5 MB",
            1.0,
            _median(lambda: [resolve(target, edited, edited_hash) for target in targets], repeats),
        ),
        Figure(
            "fuzzy-anchor one edited highlight, 5 MB",
            0.5,
            _median(lambda: resolve(fuzzy_target, changed, changed_hash), repeats),
        ),
    ]


def bench_store(folder: Path, repeats: int) -> list[Figure]:
    """Reading and writing a database of 10,000 annotations."""
    article = load_article(sample_articles_dir() / "denver-ice-ap.txt")
    path = folder / "db.json"
    store = AnnotationStore.open(path)
    with store.writing() as tx:
        for number in range(10_000):
            start = number % (len(article.text) - 50)
            tx.put(
                Annotation(
                    new_annotation_id(),
                    f"article-{number % 500}",
                    make_target(article.text, start, start + 40, article.hash),
                    note="A short note.",
                    tags=("tag-a", f"tag-{number % 50}"),
                )
            )

    def read_fresh() -> None:
        AnnotationStore.open(path).annotations()

    def add_one() -> None:
        store.add(
            Annotation(
                new_annotation_id(), "article-1", make_target(article.text, 10, 50, article.hash)
            )
        )

    return [
        Figure("read 10,000 annotations (fresh process state)", 1.0, _median(read_fresh, repeats)),
        Figure("add one annotation to 10,000 (locked, fsynced)", 0.5, _median(add_one, repeats)),
    ]


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure (median is shown)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        figures = [
            *bench_load(folder, options.repeats),
            *bench_anchor(folder, options.repeats),
            *bench_store(folder, options.repeats),
        ]
    width = max(len(figure.name) for figure in figures)
    print(f"{'figure':<{width}}  {'target':>8}  {'median':>8}  result")
    for figure in figures:
        verdict = "pass" if figure.passed else "FAIL"
        target, median = f"{figure.target_seconds:.2f}s", f"{figure.median_seconds:.3f}s"
        print(f"{figure.name:<{width}}  {target:>8}  {median:>8}  {verdict}")


if __name__ == "__main__":
    main()
