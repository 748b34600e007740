"""Figures of the Markdown export: 10,000 annotations over 500 articles, whole process."""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import Figure, process_environment, seconds_figure
from reader.core.anchoring import Anchor, AnchorStatus, make_target
from reader.core.annotations import Annotation, Color, new_annotation_id, resolution_at
from reader.core.articles import load_article
from reader.core.library import register
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir

ARTICLES = 500
PER_ARTICLE = 20

FLOOR_SCRIPT = """
import hashlib, json, sys
from pathlib import Path
database = json.loads(Path(sys.argv[1]).read_bytes())
for path in sorted(Path(sys.argv[2]).iterdir()):
    hashlib.sha256(path.read_bytes()).hexdigest()
with open(sys.argv[3], "w", encoding="utf-8") as out:
    for annotation in database["annotations"].values():
        out.write(annotation["id"] + " " + annotation["quote"]["exact"].replace("\\n", " ") + "\\n")
"""


def _write_articles(folder: Path) -> list[Path]:
    """500 small articles: plain text, Markdown and HTML, made from the seeds' paragraphs."""
    seeds = [load_article(path).text for path in sorted(sample_articles_dir().glob("*.txt"))]
    paragraphs = [p for text in seeds for p in text.split("\n\n") if len(p) > 80]
    rng = random.Random(5)
    paths = []
    for number in range(ARTICLES):
        body = [rng.choice(paragraphs) for _ in range(12)]
        title = f"Article {number}: {body[0][:40]}"
        kind = ("txt", "md", "html")[number % 3]
        path = folder / f"article-{number:03d}.{kind}"
        if kind == "txt":
            path.write_text(title + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        elif kind == "md":
            path.write_text(f"# {title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        else:
            paragraphs_html = "".join(f"<p>{text}</p>" for text in body)
            path.write_text(
                f"<html><head><title>{title}</title></head><body><nav>Home | About</nav>"
                f"<article><h1>{title}</h1>{paragraphs_html}</article>"
                "<footer>Copyright</footer></body></html>",
                encoding="utf-8",
            )
        paths.append(path)
    return paths


def _annotated_store(folder: Path, database: Path) -> None:
    """Register the articles and give each 20 highlights with remembered resolutions (one write)."""
    store = AnnotationStore.open(database)
    colors = list(Color)
    rng = random.Random(6)
    with store.writing() as tx:
        for path in _write_articles(folder):
            article = load_article(path.absolute())
            stat = path.stat()
            article = register(tx, article, (stat.st_size, stat.st_mtime_ns))
            text = article.text
            for number in range(PER_ARTICLE):
                start = rng.randrange(0, max(1, len(text) - 120))
                end = start + 40 + rng.randrange(60)
                tx.put(
                    Annotation(
                        id=new_annotation_id(),
                        article_id=article.id,
                        target=make_target(text, start, end, article.hash),
                        color=colors[number % 4],
                        note="A note with *Markdown* in it." if number % 3 == 0 else "",
                        tags=("bench", f"t{number % 7}") if number % 2 == 0 else (),
                        created="2026-01-01T00:00:00.000Z",
                        updated="2026-01-01T00:00:00.000Z",
                        resolution=resolution_at(
                            text, article.hash, Anchor(AnchorStatus.EXACT, start, end, 1.0)
                        ),
                    )
                )


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=process_environment())
    return time.perf_counter() - started


def bench_export(folder: Path, repeats: int) -> list[Figure]:
    """Export to a fresh folder (writing 500 notes) and again (nothing changed), against a floor."""
    articles = folder / "export-articles"
    articles.mkdir()
    database = folder / "export.json"
    _annotated_store(articles, database)
    warm_up = [
        sys.executable,
        "-m",
        "reader",
        "export",
        "--db",
        str(database),
        "-o",
        str(folder / "x.md"),
    ]
    subprocess.run(warm_up, capture_output=True, env=process_environment())  # compiles .pyc files
    exports = []
    for run in range(repeats):
        out = folder / f"notes-{run}"
        exports.append(
            _timed(
                [sys.executable, "-m", "reader", "export", "--db", str(database), "-o", f"{out}/"]
            )
        )
    written = sum(1 for _ in (folder / "notes-0").glob("*.md"))
    again = statistics.median(
        _timed(
            [
                sys.executable,
                "-m",
                "reader",
                "export",
                "--db",
                str(database),
                "-o",
                f"{folder}/notes-0/",
            ]
        )
        for _ in range(repeats)
    )
    floor = statistics.median(
        _timed(
            [
                sys.executable,
                "-c",
                FLOOR_SCRIPT,
                str(database),
                str(articles),
                str(folder / "floor.txt"),
            ]
        )
        for _ in range(repeats)
    )
    export = statistics.median(exports)
    return [
        seconds_figure(
            f"export {ARTICLES * PER_ARTICLE:,} annotations / {written} notes (process)",
            1.0,
            export,
        ),
        Figure(
            "  vs plain-Python floor (load JSON, hash files, write lines)",
            "< 3×",
            f"{export / floor:.2f}× ({export * 1000:.0f} / {floor * 1000:.0f} ms)",
            export <= 3 * floor,
        ),
        seconds_figure("re-export into the same folder, nothing changed (process)", 1.0, again),
    ]
