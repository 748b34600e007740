"""Hostile article files: refused quickly in bounded memory, or read; one never blocks a folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.core.articles import ArticleError, load_article
from reader.core.library import Library, expand_paths, list_library
from reader.core.store import AnnotationStore

BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
title: [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---

Body.
"""


def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """Nine levels of aliases in front matter (past 120 s before) are refused in a moment."""
    path = tmp_path / "bomb.md"
    path.write_text(BOMB)
    started = time.monotonic()
    with pytest.raises(ArticleError, match="YAML aliases"):
        load_article(path)
    assert time.monotonic() - started < 5


def test_a_lone_surrogate_in_front_matter_is_made_valid(tmp_path: Path) -> None:
    """`title: "\\ud800"` opens and can be stored (it crashed the registration write)."""
    path = tmp_path / "odd.md"
    path.write_text('---\ntitle: "A \\ud800 title"\n---\n\nBody text.\n')
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    article = library.open(path)
    assert article.title == "A \ufffd title"
    assert library.store.article(article.id) is not None


def test_a_file_name_that_is_not_utf8_is_listed_and_skipped(tmp_path: Path) -> None:
    """One file whose name is not UTF-8 is reported; the rest of the folder opens."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article\n\nWith a body.\n")
    os.close(os.open(os.fsencode(folder) + b"/bad-\xff.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    bad = next(path for path in folder.iterdir() if path.name != "good.txt")
    bad.write_text("Some text\n\nhere\n")
    library = Library(AnnotationStore.open(tmp_path / "db.json"))
    entries, problems, pending = list_library(library, expand_paths([folder]), False)
    assert [entry.title for entry in entries] == ["A good article"]
    [problem] = problems
    assert "not valid UTF-8" in problem and "bad-\ufffd.txt" in problem
    problem.encode("utf-8")  # printable
