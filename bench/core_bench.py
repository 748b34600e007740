"""Figures of the core: loading articles, anchoring, and the store."""

from __future__ import annotations

import random
from pathlib import Path

from bench.common import Figure, article_text, median, seconds_figure
from reader.core.anchoring import make_target, resolve
from reader.core.articles import load_article, text_hash


def bench_load(folder: Path, repeats: int) -> list[Figure]:
    """A 20 MB plain-text article loads in under a second (the foundation issue's target).

    Markdown goes through a full CommonMark parser and is measured at a size articles have.
    """
    plain = folder / "big.txt"
    plain.write_text(article_text(20), encoding="utf-8")
    markdown = folder / "long.md"
    markdown.write_text("---\ntitle: Long\n---\n\n" + article_text(2), encoding="utf-8")
    return [
        seconds_figure(
            "load a 20 MB .txt article", 1.0, median(lambda: load_article(plain), repeats)
        ),
        seconds_figure(
            "load a 2 MB .md article", 1.0, median(lambda: load_article(markdown), repeats)
        ),
    ]


def bench_anchor(folder: Path, repeats: int) -> list[Figure]:
    """Re-anchoring after an edit in a 5 MB article: exact, moved and fuzzy cases."""
    text = article_text(5).replace("\n", " ")
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
        seconds_figure(
            "re-anchor 100 highlights after an edit, 5 MB",
            0.1,  # the anchoring issue: speed stays as it was, under 100 ms
            median(lambda: [resolve(target, edited, edited_hash) for target in targets], repeats),
        ),
        seconds_figure(
            "fuzzy-anchor one edited highlight, 5 MB",
            0.5,
            median(lambda: resolve(fuzzy_target, changed, changed_hash), repeats),
        ),
    ]
