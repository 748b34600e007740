"""Shared fixtures: the bundled samples, a fixed clock, in-memory and on-disk stores."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation
from reader.core.library import Library
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir

# Local times (the library's dates, a note's date-times) are the same on every machine;
# a test that needs another zone sets its own.
os.environ["TZ"] = "UTC"
time.tzset()

# Property tests explore the same examples on every run: CI must not turn red by chance.
settings.register_profile("reader", derandomize=True, print_blob=True)
settings.load_profile("reader")

SAMPLES = sample_articles_dir()
AP_ARTICLE = SAMPLES / "denver-ice-ap.txt"
NR_ARTICLE = SAMPLES / "denver-ice-national-review.txt"
MD_ARTICLE = SAMPLES / "tide-pools.md"
HTML_ARTICLE = SAMPLES / "night-trains.html"


class FixedClock:
    """A clock that starts at a fixed moment and ticks one second per reading."""

    def __init__(self, start: datetime = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(seconds=1)
        return self.moment


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this checkout (no network: the build backend is installed)."""
    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("dist")
    command = [
        sys.executable,
        "-m",
        "build",
        "--wheel",
        "--no-isolation",
        "--outdir",
        str(out),
        str(root),
    ]
    subprocess.run(command, check=True, capture_output=True)
    [built] = out.glob("reader-*.whl")
    return built


@pytest.fixture
def clock() -> FixedClock:
    """A deterministic clock for the store."""
    return FixedClock()


@pytest.fixture
def store(clock: Callable[[], datetime]) -> AnnotationStore:
    """An in-memory store."""
    return AnnotationStore.in_memory(clock)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where an on-disk test database lives (not created)."""
    return tmp_path / "data" / "annotations.json"


@pytest.fixture
def file_store(db_path: Path, clock: Callable[[], datetime]) -> AnnotationStore:
    """A store backed by a file in a temporary folder."""
    return AnnotationStore.open(db_path, clock)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the real user folders (data and config go to a temporary home) or
    the network: no proxy stands between a test and its server on 127.0.0.1."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("READER_DB", raising=False)
    for proxy in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
        monkeypatch.delenv(proxy.upper(), raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield
    from reader.core.articles.cache import use_cache

    use_cache(None)  # a command run in the test process may have turned it on


CLI_SENTENCE = "Three were released from custody and one was still in custody."


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Replace the app's run() so that opening records what would be shown (as if in a
    terminal: the test runner's streams are not one), and records the files opened in the
    store as the app does once its first frame is up."""
    from reader.ui.app import ReaderApp

    shown: list[Any] = []

    def run(self: ReaderApp, *args: object, **kwargs: object) -> None:
        shown.append(self)
        self._record_opened_files()

    monkeypatch.setattr(ReaderApp, "run", run)
    monkeypatch.setattr("reader.cli.opening.terminal_problem", lambda: None)
    return shown


@pytest.fixture
def annotated_db(tmp_path: Path) -> Path:
    """A database with one tagged, noted annotation on a copy of the AP seed."""
    db = tmp_path / "db.json"
    article_path = tmp_path / "ap.txt"
    shutil.copy(AP_ARTICLE, article_path)
    library = Library(AnnotationStore.open(db))
    article = library.open(article_path)
    start = article.text.index(CLI_SENTENCE)
    library.store.add(
        Annotation(
            id="00000000-0000-4000-8000-000000000001",
            article_id=article.id,
            target=make_target(article.text, start, start + len(CLI_SENTENCE), article.hash),
            note="Released *when*?\x1b[2J",
            tags=("Custody", "ICE"),
        )
    )
    return db
