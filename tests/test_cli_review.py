"""`reader review`: JSON of what to review, articles by file or id, and the app opened on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from reader.core.store import AnnotationStore
from tests.conftest import CLI_SENTENCE
from tests.test_cli import run


def _edit_away(tmp_path: Path) -> Path:
    """The annotated copy of the AP seed with its annotated sentence cut (an orphan)."""
    article = tmp_path / "ap.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(CLI_SENTENCE, ""), "utf-8")
    return article


def test_json_lists_the_orphan_with_its_quote_and_exits_0(
    annotated_db: Path, tmp_path: Path
) -> None:
    _edit_away(tmp_path)
    result = run("review", "--json", "--db", str(annotated_db))
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["status"] == "orphan" and row["quote"] == CLI_SENTENCE
    assert row["current"] is None and row["tags"] == ["Custody", "ICE"]
    assert row["article"].startswith("Denver officials")


def test_json_of_an_unchanged_library_is_an_empty_list(annotated_db: Path) -> None:
    result = run("review", "--json", "--db", str(annotated_db))
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_articles_are_given_by_file_or_by_id(annotated_db: Path, tmp_path: Path) -> None:
    article = _edit_away(tmp_path)
    other = tmp_path / "other.txt"
    shutil.copy(article, other)
    by_file = json.loads(run("review", str(article), "--json", "--db", str(annotated_db)).stdout)
    assert len(by_file) == 1
    article_id = AnnotationStore.open(annotated_db).articles()[0].id
    by_id = json.loads(run("review", article_id, "--json", "--db", str(annotated_db)).stdout)
    assert by_id == by_file


def test_an_unknown_article_is_one_clear_line(annotated_db: Path, tmp_path: Path) -> None:
    result = run("review", str(tmp_path / "nope.txt"), "--json", "--db", str(annotated_db))
    assert result.exit_code != 0
    [line] = result.stderr.strip().splitlines()
    assert "no such file, and no article of the library has this id" in line
    assert "Traceback" not in result.stderr


def test_there_is_no_accept_from_the_command_line(annotated_db: Path) -> None:
    result = run("review", "--accept-exact", "--db", str(annotated_db))
    assert result.exit_code != 0 and "--accept-exact" in result.stderr


def test_without_json_the_app_opens_on_the_review(
    opened: list[Any], annotated_db: Path, tmp_path: Path
) -> None:
    article = _edit_away(tmp_path)
    assert run("review", "--db", str(annotated_db)).exit_code == 0
    assert run("review", str(article), "--db", str(annotated_db)).exit_code == 0
    whole, one = opened
    assert whole._review_at_start is True
    assert isinstance(one._review_at_start, frozenset) and len(one._review_at_start) == 1


def test_a_folder_or_a_file_the_library_has_not_seen_is_one_clear_line(
    annotated_db: Path, tmp_path: Path
) -> None:
    folder = run("review", str(tmp_path), "--json", "--db", str(annotated_db))
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    unseen = tmp_path / "unseen.txt"
    unseen.write_text("Unseen\n\nA file the library has never opened.\n", encoding="utf-8")
    result = run("review", str(unseen), "--json", "--db", str(annotated_db))
    assert result.exit_code == 2 and "the library has no highlights of this file" in result.stderr
