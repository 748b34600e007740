"""W3C Web Annotation JSON: the exported shape, import linking, and the round trip."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, Color
from reader.core.export import (
    ImportFileError,
    collection_pieces,
    dumps,
    owner,
    parse_import,
    to_collection,
)
from reader.core.library import Library, import_annotations
from reader.core.store import AnnotationStore
from tests.conftest import AP_ARTICLE, MD_ARTICLE

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SENTENCE = "Three were released from custody and one was still in custody."


@pytest.fixture
def library(file_store: AnnotationStore, tmp_path: Path) -> Library:
    """A library holding two annotated articles (copies in a temporary folder)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    library = Library(file_store)
    for source, quote, note, tags, color in (
        (
            AP_ARTICLE,
            SENTENCE,
            "Who was *released*?\n\nSecond paragraph.",
            ("ICE", "custody"),
            Color.PINK,
        ),
        (MD_ARTICLE, "keystone species", "", (), Color.YELLOW),
    ):
        path = folder / source.name
        shutil.copy(source, path)
        article = library.open(path)
        start = article.text.index(quote)
        file_store.add(
            Annotation(
                id=f"00000000-0000-4000-8000-00000000000{len(file_store.annotations())}",
                article_id=article.id,
                target=make_target(article.text, start, start + len(quote), article.hash),
                color=color,
                note=note,
                tags=tags,
            )
        )
    return library


def _export(library: Library) -> dict[str, Any]:
    collection = to_collection(library.collect())
    parsed: dict[str, Any] = json.loads(dumps(collection))
    return parsed


def test_export_shape(library: Library) -> None:
    """The collection and each item use the W3C names and the reader: extensions."""
    collection = _export(library)
    assert collection["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection" and collection["total"] == 2
    assert collection["first"]["type"] == "AnnotationPage"
    item = next(entry for entry in collection["first"]["items"] if entry["reader:color"] == "pink")
    assert item["id"] == "urn:uuid:00000000-0000-4000-8000-000000000000"
    assert item["type"] == "Annotation"
    assert item["created"].endswith("Z") and item["modified"].endswith("Z")
    assert item["body"] == [
        {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": "Who was *released*?\n\nSecond paragraph.",
            "format": "text/markdown",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": "ICE", "format": "text/plain"},
        {"type": "TextualBody", "purpose": "tagging", "value": "custody", "format": "text/plain"},
    ]
    assert item["motivation"] == "commenting"
    assert item["generator"]["type"] == "Software" and item["generator"]["id"].startswith("urn:")
    quote, position = item["target"]["selector"]
    assert quote["type"] == "TextQuoteSelector" and quote["exact"] == SENTENCE
    assert len(quote["prefix"]) == len(quote["suffix"]) == 32
    assert position["type"] == "TextPositionSelector" and position["end"] - position[
        "start"
    ] == len(SENTENCE)
    assert item["target"]["source"].startswith("file:///") and item["target"]["source"].endswith(
        "ap.txt"
    )
    assert item["reader:textHash"].startswith("sha256:")
    assert item["reader:anchor"] == {"status": "exact", "score": 1.0}


def test_export_reflects_the_current_text(library: Library) -> None:
    """After an edit, selectors describe where the quote is now; orphans keep only the quote."""
    path = next(
        Path(group.path)
        for group in library.collect()
        if group.path and group.path.suffix == ".txt"
    )
    path.write_text("A new opening.\n\n" + path.read_text())
    moved = next(
        item for item in _export(library)["first"]["items"] if item["reader:color"] == "pink"
    )
    assert moved["reader:anchor"]["status"] == "moved"
    text = path.read_text()
    assert moved["target"]["selector"][1]["start"] > 0
    path.write_text(text.replace(SENTENCE, ""))
    orphan = next(
        item for item in _export(library)["first"]["items"] if item["reader:color"] == "pink"
    )
    assert orphan["reader:anchor"]["status"] == "orphan"
    assert [selector["type"] for selector in orphan["target"]["selector"]] == ["TextQuoteSelector"]
    assert orphan["target"]["selector"][0]["exact"] == SENTENCE


def test_round_trip_into_an_empty_database(library: Library, tmp_path: Path) -> None:
    """Export then import gives back the same ids, quotes, notes, tags, colours, times and articles."""
    exported = _export(library)
    fresh = AnnotationStore.open(tmp_path / "fresh.json")
    summary = import_annotations(fresh, parse_import(json.dumps(exported)), tmp_path)
    assert (summary.imported, summary.updated, summary.unchanged) == (2, 0, 0)
    before = {item.id: item for item in library.store.annotations()}
    after = {item.id: item for item in fresh.annotations()}
    assert before.keys() == after.keys()
    for key, original in before.items():
        copy = after[key]
        assert (
            copy.quote,
            copy.note,
            copy.tags,
            copy.color,
            copy.created,
            copy.updated,
            copy.article_id,
        ) == (
            original.quote,
            original.note,
            original.tags,
            original.color,
            original.created,
            original.updated,
            original.article_id,
        )
    again = import_annotations(fresh, parse_import(json.dumps(exported)), tmp_path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 2)


def test_newer_import_replaces_older_does_not(library: Library, tmp_path: Path) -> None:
    """An existing id is replaced only when the imported `modified` is later."""
    exported = _export(library)
    item = exported["first"]["items"][0]
    item["body"] = [{"type": "TextualBody", "purpose": "commenting", "value": "newer note"}]
    item["modified"] = "2099-01-01T00:00:00.000Z"
    stale = json.loads(json.dumps(exported))
    stale["first"]["items"][0]["modified"] = "2000-01-01T00:00:00.000Z"
    stale["first"]["items"][0]["body"] = []
    store = library.store
    assert import_annotations(store, parse_import(json.dumps(stale)), tmp_path).unchanged == 2
    summary = import_annotations(store, parse_import(json.dumps(exported)), tmp_path)
    assert (summary.updated, summary.unchanged) == (1, 1)
    assert store.annotation(item["id"].removeprefix("urn:uuid:")).note == "newer note"  # type: ignore[union-attr]


def _quote_only() -> dict[str, Any]:
    """An annotation as other tools write it: the SENTENCE of ap.txt, by its quote alone."""
    return {
        "target": {
            "source": "ap.txt",
            "selector": {"type": "TextQuoteSelector", "exact": SENTENCE},
        }
    }


def test_import_plain_array_with_quote_only(file_store: AnnotationStore, tmp_path: Path) -> None:
    """A bare array with only a TextQuoteSelector is linked to its file and positioned."""
    path = tmp_path / "ap.txt"
    shutil.copy(AP_ARTICLE, path)
    summary = import_annotations(
        file_store, parse_import(json.dumps([_quote_only()])), tmp_path, [path]
    )
    assert summary.imported == 1
    [annotation] = file_store.annotations()
    text = path.read_text().replace("\n\n\n", "\n\n")
    assert annotation.target.position.end - annotation.target.position.start == len(SENTENCE)
    assert annotation.resolution is not None and annotation.resolution.anchor.status.value in (
        "exact",
        "moved",
    )
    assert SENTENCE in text


def test_import_links_by_hash_then_keeps_missing_sources(library: Library, tmp_path: Path) -> None:
    """Unreadable sources link by text hash; an unknown one becomes a missing article whose
    annotations keep where the file says they were, unchecked (no text hash: the article's
    text, once read, places them afresh)."""
    exported = _export(library)
    for item in exported["first"]["items"]:
        item["target"]["source"] = "file:///nowhere/gone.txt"
    exported["first"]["items"][0]["id"] = "urn:uuid:11111111-0000-4000-8000-000000000000"
    exported["first"]["items"][1]["id"] = "urn:uuid:22222222-0000-4000-8000-000000000000"
    exported["first"]["items"][1]["reader:textHash"] = "sha256:unknown"
    exported["first"]["items"][1]["reader:articleId"] = "lost-article"
    store = library.store
    import_annotations(store, parse_import(json.dumps(exported)), tmp_path)
    linked = store.annotation("11111111-0000-4000-8000-000000000000")
    kept = store.annotation("22222222-0000-4000-8000-000000000000")
    assert (
        linked is not None
        and linked.article_id == exported["first"]["items"][0]["reader:articleId"]
    )
    assert kept is not None and kept.article_id == "lost-article"
    assert kept.resolution is not None and kept.resolution.text_hash == ""
    assert (
        kept.resolution.anchor.status.value
        == exported["first"]["items"][1]["reader:anchor"]["status"]
    )
    record = store.article("lost-article")
    assert record is not None and record.paths == ()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("{", "not valid JSON"),
        (
            '{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection"}',
            "expected an AnnotationCollection",
        ),
        ('{"type": "AnnotationCollection", "items": []}', "it has no @context"),
        ("[42]", "item 1: an annotation must be a JSON object"),
        ('[{"target": {"selector": []}}]', "item 1: the target has no TextQuoteSelector"),
        (
            '[{"target": {"selector": {"type": "TextQuoteSelector", "exact": "  "}}}]',
            "item 1: the TextQuoteSelector's 'exact' quote is empty",
        ),
        (
            '[{"target": {"selector": {"type": "TextQuoteSelector", "exact": "a"}}},'
            ' {"target": {"selector": {"type": "TextQuoteSelector", "exact": "b"}}, "reader:color": "mauve"}]',
            "item 2: unknown colour 'mauve'",
        ),
        (
            '[{"target": {"selector": [{"type": "TextQuoteSelector", "exact": "a"},'
            ' {"type": "TextPositionSelector", "start": 5, "end": 2}]}}]',
            "item 1: TextPositionSelector needs whole numbers",
        ),
        (
            '[{"created": "yesterday", "target": {"selector": {"type": "TextQuoteSelector", "exact": "a"}}}]',
            "not an ISO 8601 time",
        ),
    ],
)
def test_malformed_imports_name_the_item(payload: str, message: str) -> None:
    """Every malformed file is refused with a message that says which item is wrong."""
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_import(payload)


def test_malformed_import_writes_nothing(file_store: AnnotationStore, db_path: Path) -> None:
    """A file with one bad item imports none of its good ones."""
    payload = '[{"target": {"selector": {"type": "TextQuoteSelector", "exact": "a"}}}, 7]'
    with pytest.raises(ImportFileError):
        import_annotations(file_store, parse_import(payload), db_path.parent)
    assert not db_path.exists()


def test_an_update_changes_only_the_fields_the_file_has(library: Library, tmp_path: Path) -> None:
    """A later import that recolours, with no note in the file, keeps the note and tags, and
    the report names the field it changed (it used to wipe the note: "updated 1")."""
    exported = _export(library)
    item = exported["first"]["items"][0]
    annotation_id = item["id"].removeprefix("urn:uuid:")
    before = library.store.annotation(annotation_id)
    assert before is not None and before.note and before.tags
    item["body"] = []
    item["reader:color"] = "green"
    item["modified"] = "2099-01-01T00:00:00.000Z"
    exported["first"]["items"] = [item]
    exported["total"] = 1
    summary = import_annotations(library.store, parse_import(json.dumps(exported)), tmp_path)
    after = library.store.annotation(annotation_id)
    assert after is not None
    assert (after.color, after.note, after.tags) == (Color.GREEN, before.note, before.tags)
    assert summary.updated == 1 and summary.fields == ("color",)
    assert str(summary) == "imported 0, updated 1 (color), unchanged 0"


def test_a_field_edited_in_reader_after_the_file_was_written_is_kept(
    library: Library, tmp_path: Path
) -> None:
    """A note written in reader after the file's time survives an import of an older note,
    while the file's newer colour still lands."""
    from reader.core.annotations import AnnotationSession, Change

    exported = _export(library)
    item = exported["first"]["items"][0]
    annotation_id = item["id"].removeprefix("urn:uuid:")
    current = library.store.annotation(annotation_id)
    assert current is not None
    session = AnnotationSession(library.load(current_path(library, current.article_id)).article)
    session.load([current])
    note_change = session.set_note(annotation_id, "written in reader, later")
    assert isinstance(note_change, Change)
    library.store.apply(note_change)
    edited_at = library.store.annotation(annotation_id).updated  # type: ignore[union-attr]
    item["body"] = [{"type": "TextualBody", "purpose": "commenting", "value": "older note"}]
    item["reader:color"] = "blue"
    # The file is newer than the record was, but older than the note's edit in reader.
    item["modified"] = "2026-01-02T03:04:05.500Z"
    noted = library.store.annotation(annotation_id)
    assert noted is not None  # the record as a whole looks older than the file:
    library.store.put(replace(noted, updated="2026-01-02T03:04:05.000Z"))
    assert edited_at > item["modified"]
    exported["first"]["items"] = [item]
    exported["total"] = 1
    summary = import_annotations(library.store, parse_import(json.dumps(exported)), tmp_path)
    after = library.store.annotation(annotation_id)
    assert after is not None and after.note == "written in reader, later"
    assert after.color is Color.BLUE and summary.fields == ("color",)


def current_path(library: Library, article_id: str) -> Path:
    """Where an article of the fixture library is."""
    record = library.store.article(article_id)
    assert record is not None
    located = library.locate(record)
    assert located is not None
    return located


@pytest.mark.parametrize(
    "source",
    ["../.git-credentials", "secret/credentials.txt", "link-out.txt", "fifo.txt", "ap.txt"],
)
def test_an_import_never_reads_a_file_it_was_not_given(
    file_store: AnnotationStore, tmp_path: Path, source: str
) -> None:
    """`target.source` naming a file the library does not know and the user did not name (a
    token file, a symlink out of the folder, a FIFO, an article never opened) is not read:
    the annotation lands on a missing article with the stored title, and no byte of the file
    reaches the database."""
    import os

    home = tmp_path / "home"
    (home / "secret").mkdir(parents=True)
    token = "ghp_TOKENTOKENTOKEN"
    (tmp_path / ".git-credentials").write_text(f"https://user:{token}@github.com\n")
    (home / "secret" / "credentials.txt").write_text(f"{token}\n\nmore\n")
    (home / "link-out.txt").symlink_to(tmp_path / ".git-credentials")
    os.mkfifo(home / "fifo.txt")
    (home / "ap.txt").write_text(f"{token}\n\n" + AP_ARTICLE.read_text())
    items = [
        {
            "target": {"source": source, "selector": {"type": "TextQuoteSelector", "exact": "x"}},
            "reader:articleTitle": "Shared notes",
        }
    ]
    import_annotations(file_store, parse_import(json.dumps(items)), home, [home / "elsewhere"])
    stored = file_store.path.read_text()  # type: ignore[union-attr]
    assert token not in stored
    [record] = file_store.articles()
    assert record.title == "Shared notes" and not record.paths


def test_an_import_reads_a_named_or_known_article(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """A file under a folder the user named, or one the library knows, is read and anchored."""
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / "ap.txt"
    shutil.copy(AP_ARTICLE, path)
    items = [
        {
            "target": {
                "source": path.as_uri(),
                "selector": {"type": "TextQuoteSelector", "exact": SENTENCE},
            }
        }
    ]
    import_annotations(file_store, parse_import(json.dumps(items)), tmp_path, [folder])
    [record] = file_store.articles()
    assert record.paths and record.paths[0].path == str(path)


def _page(number: int, following: object = None) -> dict[str, Any]:
    page: dict[str, Any] = {
        "id": f"urn:reader:page:{number}",
        "type": "AnnotationPage",
        "items": [
            {"target": {"selector": {"type": "TextQuoteSelector", "exact": f"quote {number}"}}}
        ],
    }
    if following is not None:
        page["next"] = following
    return page


def test_a_paged_collection_is_imported_whole() -> None:
    """Every page is read, whether `next` holds the page or the id of a page in the file."""
    embedded = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "first": _page(1, _page(2, _page(3))),
    }
    assert [item.annotation.quote for item in parse_import(json.dumps(embedded))] == [
        "quote 1",
        "quote 2",
        "quote 3",
    ]
    by_id = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "first": "urn:reader:page:1",
        "pages": [_page(1, "urn:reader:page:2"), _page(2)],
    }
    assert len(parse_import(json.dumps(by_id))) == 2


def test_a_collection_whose_pages_are_elsewhere_is_refused() -> None:
    """Only the first page of a collection is never imported as if it were all of it."""
    partial = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "first": _page(1, "https://example.org/page/2"),
    }
    with pytest.raises(ImportFileError, match="goes on in page .* not in this file"):
        parse_import(json.dumps(partial))


def test_a_web_source_and_an_orphans_context_survive_a_round_trip(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """An annotation of a web page the library has no file of exports with the page's URL as
    its source, and its quote keeps the prefix and suffix it came with."""
    items = [
        {
            "id": "urn:uuid:00000000-0000-4000-8000-0000000000aa",
            "target": {
                "source": "https://example.org/page",
                "selector": {
                    "type": "TextQuoteSelector",
                    "exact": "the quote",
                    "prefix": "before ",
                    "suffix": " after",
                },
            },
        }
    ]
    import_annotations(file_store, parse_import(json.dumps(items)), tmp_path)
    exported = to_collection(Library(file_store).collect())["first"]["items"][0]
    assert exported["target"]["source"] == "https://example.org/page"
    quote = exported["target"]["selector"][0]
    assert (quote["exact"], quote["prefix"], quote["suffix"]) == ("the quote", "before ", " after")


def test_a_collection_missing_pages_by_its_own_count_is_refused() -> None:
    """`total` larger than the items in the file, or a `last` page not in it: refused."""
    short = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "total": 5,
        "first": _page(1, _page(2)),
    }
    with pytest.raises(ImportFileError, match="holds 5 annotations but this file has 2"):
        parse_import(json.dumps(short))
    elsewhere = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "last": "urn:x:9",
        "first": _page(1),
    }
    with pytest.raises(ImportFileError, match="last page"):
        parse_import(json.dumps(elsewhere))


def test_ids_from_a_file_never_become_paths() -> None:
    """An article id with slashes and an annotation id that is no UUID are replaced by safe,
    stable ones (they name recovery files, note files and block ids)."""
    item = {
        "id": "https://example.org/anno/1",
        "reader:articleId": "x/../../../t22/PWNED",
        "target": {"selector": {"type": "TextQuoteSelector", "exact": "q"}},
    }
    [first] = parse_import(json.dumps([item]))
    [again] = parse_import(json.dumps([item]))
    assert "/" not in first.annotation.article_id and "." not in first.annotation.article_id
    assert first.annotation.id == again.annotation.id and len(first.annotation.id) == 36


def test_collections_have_stable_ids_and_real_times(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """The collection and its page have ids (the same for the same annotations), and an
    annotation imported without times is exported with real ones, never ''."""
    items = [{"target": {"selector": {"type": "TextQuoteSelector", "exact": "no times"}}}]
    import_annotations(file_store, parse_import(json.dumps(items)), tmp_path)
    first = to_collection(Library(file_store).collect())
    second = to_collection(Library(file_store).collect())
    assert first["id"] == second["id"] and first["id"].startswith("urn:reader:collection:")
    assert first["first"]["id"].startswith(first["id"])
    [item] = first["first"]["items"]
    assert item["created"] and item["modified"]
    datetime.fromisoformat(item["created"].replace("Z", "+00:00"))


def test_the_streamed_collection_is_the_text_dumps_makes(library: Library) -> None:
    """Written piece by piece, a collection is byte for byte the one `dumps` writes whole,
    with several articles, with one, and with none."""
    groups = library.collect()
    assert len(groups) == 2
    for chosen in (groups, groups[:1], []):
        expected = dumps(to_collection(chosen, owner("lib")))
        assert b"".join(collection_pieces(iter(chosen), owner("lib"))) == expected.encode()
    json.loads(b"".join(collection_pieces(groups)))


def test_a_lone_surrogate_streams_as_its_json_escape(library: Library) -> None:
    """A note holding a lone surrogate (a hand-edited database can) is written as the JSON
    escape that reads back as the same note, not refused half-way through the file."""
    [group, *_] = library.collect()
    first = replace(group.annotations[0], note="odd \ud800 note")
    odd = replace(group, annotations=(first,))
    written = b"".join(collection_pieces([odd]))
    assert b"odd \\ud800 note" in written
    [item] = json.loads(written)["first"]["items"]
    assert item["body"][0]["value"] == "odd \ud800 note"


@pytest.mark.parametrize("status", [["exact"], {"exact": 1}, 3])
def test_a_claimed_anchor_of_the_wrong_kind_is_ignored(
    file_store: AnnotationStore, tmp_path: Path, status: object
) -> None:
    """A `reader:anchor` whose status is not a word is not one reader wrote: the annotation is
    imported and anchored afresh (it once stopped the import with a traceback)."""
    path = tmp_path / "ap.txt"
    shutil.copy(AP_ARTICLE, path)
    item = {**_quote_only(), "reader:anchor": {"status": status, "score": 1.0}}
    summary = import_annotations(file_store, parse_import(json.dumps([item])), tmp_path, [path])
    assert summary.imported == 1
