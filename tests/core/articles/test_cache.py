"""Long articles opened again are read from their kept parse, never trusted beyond the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.articles import load_article
from reader.core.articles.cache import (
    CACHE_FROM_BYTES,
    CACHE_VERSION,
    entry_bytes,
    read_entry,
    use_cache,
)
from reader.paths import sample_articles_dir


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    folder = tmp_path / "cache"
    use_cache(folder)
    return folder


def _long_article(tmp_path: Path, suffix: str = ".md") -> Path:
    """A Markdown article over the size from which parses are kept, with emphasis and lists."""
    seed = (sample_articles_dir() / "tide-pools.md").read_text(encoding="utf-8")
    body = seed.split("\n", 1)[1]
    path = tmp_path / f"long{suffix}"
    copies = CACHE_FROM_BYTES // len(body.encode()) + 2
    path.write_text("# A long article\n" + body * copies, encoding="utf-8")
    return path


def test_a_long_article_opened_again_is_the_same_article(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second opening reads the kept parse (nothing is parsed): text, blocks, emphasis,
    title and identity are exactly those of a fresh parse."""
    from reader.core.articles import loading

    path = _long_article(tmp_path)
    first = load_article(path)
    [entry] = cache.iterdir()
    parse = loading._parse
    monkeypatch.setattr(loading, "_parse", lambda *args: pytest.fail("parsed again"))
    second = load_article(path)
    monkeypatch.setattr(loading, "_parse", parse)
    use_cache(None)
    fresh = load_article(path)
    for article in (first, second):
        assert article == fresh
        assert (article.blocks, article.emphasis, article.hash, article.id) == (
            fresh.blocks,
            fresh.emphasis,
            fresh.hash,
            fresh.id,
        )
    assert read_entry(entry)["text"] == fresh.text


@pytest.mark.parametrize(
    "spoil",
    [
        lambda entry: entry.update(version=0),
        lambda entry: entry.update(text=entry["text"] + "\x1b[31mred"),
        lambda entry: entry["blocks"].append(["paragraph", 0, 10**9, 0, ""]),
        lambda entry: entry["blocks"].reverse(),
        lambda entry: entry["blocks"][0].__setitem__(0, "table"),
        lambda entry: entry["emphasis"].append([5, 2, True, False]),
        lambda entry: entry.update(title=3),
        lambda entry: entry.update(title="A \x1b]2;title\x07 of its own"),
        lambda entry: entry.update(decoding="guessed\x1b[2J"),
        lambda entry: entry["blocks"].__setitem__(slice(3, None), []),  # the rest cut off
        lambda entry: entry["blocks"][1].__setitem__(4, "\x1b[31m-"),
    ],
)
def test_a_kept_parse_that_does_not_hold_together_is_not_used(
    cache: Path, tmp_path: Path, spoil: object
) -> None:
    """An entry of another version, with what a parse never leaves in its text, title,
    decoding or markers (a terminal escape), blocks out of order, past the text or not
    covering it, an unknown kind: the file is parsed again."""
    path = _long_article(tmp_path)
    fresh = load_article(path)
    [entry_path] = cache.iterdir()
    entry = read_entry(entry_path)
    spoil(entry)  # type: ignore[operator]
    entry_path.write_bytes(entry_bytes(entry))
    again = load_article(path)
    assert again == fresh and again.blocks == fresh.blocks and again.emphasis == fresh.emphasis


def test_damaged_or_missing_entries_and_short_files(cache: Path, tmp_path: Path) -> None:
    """A cut entry is parsed again and rewritten; short files are never kept (they parse
    faster than an entry reads); an unwritable cache folder only means no cache."""
    path = _long_article(tmp_path)
    fresh = load_article(path)
    [entry_path] = cache.iterdir()
    entry_path.write_bytes(entry_path.read_bytes()[:1000])
    assert load_article(path) == fresh
    assert read_entry(entry_path)["version"] == CACHE_VERSION  # written again whole
    entry_path.write_bytes(entry_path.read_bytes()[:-1])  # the text's last byte cut off
    assert load_article(path) == fresh
    assert read_entry(entry_path)["text"] == fresh.text
    short = tmp_path / "short.txt"
    short.write_text("A short article\n\nOne paragraph.\n")
    load_article(short)
    assert len(list(cache.iterdir())) == 1
    (tmp_path / "blocked").write_text("a file where the folder would be")
    use_cache(tmp_path / "blocked" / "cache")
    assert load_article(path) == fresh


def test_a_text_that_is_not_utf8_or_longer_than_said_is_not_used(
    cache: Path, tmp_path: Path
) -> None:
    """The text after the entry's facts must be valid UTF-8 of the length the facts give."""
    path = _long_article(tmp_path)
    fresh = load_article(path)
    [entry_path] = cache.iterdir()
    whole = entry_path.read_bytes()
    for spoilt in (whole + b"more", whole[:-3] + b"\xff\xfe\xfd", whole.replace(b"\n", b" ", 1)):
        entry_path.write_bytes(spoilt)
        assert load_article(path) == fresh
        assert read_entry(entry_path)["text"] == fresh.text


def test_entries_of_the_first_version_are_removed(cache: Path, tmp_path: Path) -> None:
    """Entries written before the text followed the facts (whole JSON files) are not read,
    and go when a new entry is kept."""
    cache.mkdir()
    old = cache / f"{'0' * 40}-markdown-v1.json"
    old.write_text('{"version": 1, "text": "old"}')
    load_article(_long_article(tmp_path))
    assert not old.exists() and len(list(cache.iterdir())) == 1
