"""Tags have one form everywhere (the one Obsidian accepts), and every visible spelling finds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector
from reader.core.annotations import (
    Annotation,
    annotation_matcher,
    clean_tag,
    normalize_tags,
    tag_text,
)
from reader.core.store import AnnotationStore
from reader.core.store.documents import annotation_to_doc


def _tagged(*tags: str) -> Annotation:
    return Annotation(
        id="00000001-0000-4000-8000-000000000000",
        article_id="article",
        target=Target(TextQuoteSelector("salt water"), TextPositionSelector(0, 10)),
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-01T00:00:00.000Z",
        tags=tags,
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Salinity Levels", "Salinity-Levels"),
        ("  #Salinity \t Levels ", "Salinity-Levels"),
        ("area/sub topic", "area/sub-topic"),
        ("what?!", "what"),
        ("Größe Über", "Größe-Über"),
        ("trailing -", "trailing"),
    ],
)
def test_a_tag_is_stored_in_the_form_obsidian_accepts(typed: str, stored: str) -> None:
    """Spaces become hyphens; marks Obsidian refuses in a tag are dropped; `#tag` is the same."""
    assert clean_tag(typed) == stored
    assert tag_text(typed) == "#" + stored


def test_spellings_of_one_tag_are_one_tag() -> None:
    """ "Salinity Levels" and "salinity-levels" are the same tag: the known spelling wins."""
    assert normalize_tags(["Salinity Levels", "salinity-levels"]) == ("Salinity-Levels",)
    assert normalize_tags(["salinity levels"], known=["Salinity-Levels"]) == ("Salinity-Levels",)


@pytest.mark.parametrize(
    "query",
    [
        "#Salinity-Levels",
        "#salinity-levels",
        "Salinity-Levels",
        "Salinity Levels",
        "#Salinity Levels",
    ],
)
def test_every_visible_spelling_finds_the_tag(query: str) -> None:
    """The form shown (`#Salinity-Levels`), the words typed, and either with `#`, all find it."""
    matches = annotation_matcher(query)
    assert matches is not None
    assert matches(_tagged("Salinity-Levels"))
    assert not matches(_tagged("Salinity"))


def test_a_tag_query_finds_that_tag_only() -> None:
    """`#salt` is a tag, not the word in the quote."""
    matches = annotation_matcher("#salt")
    assert matches is not None
    assert not matches(_tagged("water"))
    assert matches(_tagged("salt"))


def test_tags_stored_with_spaces_by_an_earlier_version_read_in_the_one_form(
    tmp_path: Path,
) -> None:
    """A store written before tags had one form reads as hyphens, duplicates merged."""
    doc = annotation_to_doc(_tagged("x"))
    doc["tags"] = ["Salinity Levels", "salinity-levels", "tide"]
    path = tmp_path / "annotations.json"
    data = {"meta": {"schema": {"version": 1}}, "annotations": {doc["id"]: doc}}
    path.write_text(json.dumps(data))
    [annotation] = AnnotationStore.open(path).annotations()
    assert annotation.tags == ("Salinity-Levels", "tide")
