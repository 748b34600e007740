"""A damaged database is refused, naming what is wrong and how to restore; never written over."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation
from reader.core.store import AnnotationStore, StoreError
from tests.test_cli import run

TEXT = "some text to annotate here and there"


def _store_with(path: Path, count: int) -> AnnotationStore:
    store = AnnotationStore.open(path)
    with store.writing() as tx:
        for number in range(count):
            tx.put(Annotation(f"id-{number:03d}", "article", make_target(TEXT, 0, 4)))
    store.add(Annotation("id-last", "article", make_target(TEXT, 5, 9)))  # a backup of the above
    return store


def test_a_database_replaced_by_an_empty_object_is_refused(tmp_path: Path) -> None:
    """`{}` written over a library of 21 annotations is refused, and its backups are kept."""
    path = tmp_path / "db.json"
    _store_with(path, 20)
    path.write_text("{}")
    backups = {p.name: p.read_bytes() for p in tmp_path.glob("db.json.bak*")}
    with pytest.raises(StoreError, match=r"holds 0 annotations where its newest backup holds"):
        AnnotationStore.open(path).annotations()
    with pytest.raises(StoreError, match=r"reader db restore --db"):
        AnnotationStore.open(path).add(Annotation("new", "article", make_target(TEXT, 0, 4)))
    assert path.read_text() == "{}"
    assert {p.name: p.read_bytes() for p in tmp_path.glob("db.json.bak*")} == backups


def test_deleting_most_annotations_in_reader_is_not_refused(tmp_path: Path) -> None:
    """Deletions reader made itself are recorded: the smaller file still opens."""
    path = tmp_path / "db.json"
    store = _store_with(path, 20)
    with store.writing() as tx:
        for number in range(18):
            tx.remove(f"id-{number:03d}")
    assert len(AnnotationStore.open(path).annotations()) == 3


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda doc: doc.pop("quote"), "has no quote"),
        (lambda doc: doc.update(color="purple"), "unknown colour 'purple'"),
        (lambda doc: doc["position"].update(end=2**64), "has no valid position"),
        (lambda doc: doc.update(color=["yellow"]), "unknown colour ['yellow']"),
        (
            lambda doc: doc.update(resolution={"status": {}, "start": 0, "end": 1}),
            "has a damaged anchor",
        ),
    ],
)
def test_a_document_that_does_not_read_is_refused_by_name(
    tmp_path: Path, change: object, named: str
) -> None:
    """One bad document: `list` and `export` say which and how to restore, in one line, exit 1."""
    path = tmp_path / "db.json"
    _store_with(path, 2)
    data = json.loads(path.read_text())
    change(data["annotations"]["id-001"])  # type: ignore[operator]
    path.write_text(json.dumps(data))
    for command in (["list"], ["export"], ["search", "x"]):
        result = run(*command, "--db", str(path))
        assert result.exit_code == 1, (command, result.stdout)
        [line] = result.stderr.strip().splitlines()
        assert "id-001" in line and named in line and f"reader db restore --db {path}" in line
    assert json.loads(path.read_text()) == data  # never written over
