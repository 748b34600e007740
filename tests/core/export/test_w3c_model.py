"""The W3C model, lossless: motivation and agents, what an import is given, item-by-item
refusals of what breaks a MUST, and export -> import -> export giving the same document."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reader.core.anchoring import make_target
from reader.core.annotations import Annotation, Color
from reader.core.export import dumps, owner, parse_import, parse_import_file, to_collection
from reader.core.library import Library, import_annotations
from reader.core.store import AnnotationStore
from tests.conftest import MD_ARTICLE

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE = "keystone species"


def _good(**changes: Any) -> dict[str, Any]:
    """An annotation every rule accepts, with `changes` applied (None removes a key)."""
    item: dict[str, Any] = {
        "@context": CONTEXT,
        "id": "urn:uuid:7d3c1f0e-3a1b-4f7e-8c55-00000000a000",
        "type": "Annotation",
        "created": "2026-01-02T03:04:05Z",
        "body": {"type": "TextualBody", "value": "a note", "format": "text/plain"},
        "target": {"source": "page.txt", "selector": {"type": "TextQuoteSelector", "exact": "q"}},
    }
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    return item


def _collection(*items: dict[str, Any]) -> str:
    return json.dumps(
        {
            "@context": CONTEXT,
            "type": "AnnotationCollection",
            "first": {"type": "AnnotationPage", "items": list(items)},
        }
    )


def _export(store: AnnotationStore) -> str:
    return dumps(to_collection(Library(store).collect(), owner(store.library_id())))


@pytest.fixture
def annotated(file_store: AnnotationStore, tmp_path: Path) -> AnnotationStore:
    """A library with a highlight, a note, a tagged highlight, and an orphan."""
    folder = tmp_path / "articles"
    folder.mkdir()
    path = folder / MD_ARTICLE.name
    shutil.copy(MD_ARTICLE, path)
    article = Library(file_store).open(path)
    start = article.text.index(QUOTE)
    for number, (note, tags) in enumerate((("", ()), ("why?", ()), ("", ("ecology",)))):
        file_store.add(
            Annotation(
                id=f"00000000-0000-4000-8000-00000000000{number}",
                article_id=article.id,
                target=make_target(article.text, start, start + len(QUOTE), article.hash),
                color=Color.GREEN,
                note=note,
                tags=tags,
            )
        )
    cut = "A sentence that is about to be cut from the article for good."
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + cut + "\n", encoding="utf-8")
    article = Library(file_store).open(path)
    start = article.text.index(cut)
    file_store.add(
        Annotation(
            id="00000000-0000-4000-8000-000000000009",
            article_id=article.id,
            target=make_target(article.text, start, start + len(cut), article.hash),
        )
    )
    path.write_text(path.read_text(encoding="utf-8").replace(cut, ""), encoding="utf-8")
    return file_store


def test_each_annotation_says_why_by_whom_and_with_what(annotated: AnnotationStore) -> None:
    """A motivation per annotation (highlighting, commenting, tagging); its creator is the
    library's owner (one stable id); the generator is reader."""
    first = json.loads(_export(annotated))
    items = {item["id"][-1]: item for item in first["first"]["items"]}
    assert [items[key]["motivation"] for key in "012"] == ["highlighting", "commenting", "tagging"]
    creators = {json.dumps(item["creator"]) for item in items.values()}
    assert len(creators) == 1
    [creator] = [items["0"]["creator"]]
    assert creator["type"] == "Person" and creator["id"] == f"urn:uuid:{annotated.library_id()}"
    assert items["0"]["generator"]["type"] == "Software"
    assert items["0"]["generator"]["name"].startswith("reader ")
    assert _export(annotated) == _export(annotated)


def test_a_library_is_named_by_its_first_write_only(tmp_path: Path) -> None:
    """Reading a database never gives it an id; its first write does, and it stays."""
    store = AnnotationStore.open(tmp_path / "db.json")
    assert store.library_id() == ""
    store.add(
        Annotation(id="00000000-0000-4000-8000-000000000001", article_id="a", target=_target())
    )
    named = store.library_id()
    store.add(
        Annotation(id="00000000-0000-4000-8000-000000000002", article_id="a", target=_target())
    )
    assert named and AnnotationStore.open(tmp_path / "db.json").library_id() == named


def _target() -> Any:
    return make_target("some text here", 0, 4, "sha256:x")


def test_an_iri_id_and_a_creator_are_kept(file_store: AnnotationStore, tmp_path: Path) -> None:
    """An annotation known by an IRI is exported with that IRI (not urn:uuid:...), and the
    creator it came with stays its creator; importing it again updates, never duplicates."""
    given = _good(
        id="http://example.org/anno1",
        creator={"id": "http://example.org/user1", "type": "Person", "nickname": "pat"},
    )
    text = _collection(given)
    import_annotations(file_store, parse_import(text), tmp_path)
    [item] = json.loads(_export(file_store))["first"]["items"]
    assert item["id"] == "http://example.org/anno1"
    assert item["creator"] == {
        "id": "http://example.org/user1",
        "type": "Person",
        "nickname": "pat",
    }
    again = import_annotations(file_store, parse_import(text), tmp_path)
    assert (again.imported, again.unchanged) == (0, 1)


def test_a_quote_that_refines_another_selector_is_imported() -> None:
    """A TextQuoteSelector inside a FragmentSelector's `refinedBy` is the quote; a position
    inside one counts within the fragment and is not taken as the article's."""
    target = {
        "source": "http://example.org/page1",
        "selector": {
            "type": "FragmentSelector",
            "value": "para5",
            "refinedBy": [
                {"type": "TextPositionSelector", "start": 3, "end": 16},
                {"type": "TextQuoteSelector", "exact": "Selected Text", "prefix": "the "},
            ],
        },
    }
    [item] = parse_import(_collection(_good(target=target)))
    assert item.annotation.target.quote.exact == "Selected Text"
    assert item.annotation.target.quote.prefix == "the "
    assert not item.has_position


def test_bodies_by_link_and_by_choice_are_kept() -> None:
    """A body that is an IRI is kept (as its link); a Choice gives its first option; a List
    each of its items; tags stay tags."""
    body = [
        "http://example.org/comment1",
        {"type": "Choice", "items": [{"type": "TextualBody", "value": "en"}, {"value": "fr"}]},
        {"type": "List", "items": [{"value": "one"}, {"purpose": "tagging", "value": "tag"}]},
    ]
    [item] = parse_import(_collection(_good(body=body)))
    assert item.annotation.note == "http://example.org/comment1\n\nen\n\none"
    assert item.annotation.tags == ("tag",)


GOOD_BODY = {"id": "http://example.com/1", "format": "text/plain"}
SELECTOR = {"type": "TextQuoteSelector", "exact": "q"}
DEFECTS: list[tuple[str, dict[str, Any], str]] = [
    ("a body that is text, not an IRI", {"body": "this is not a uri"}, "must be an IRI"),
    ("a body id that is not an IRI", {"body": {"id": "not a uri", "format": "a/b"}}, "not an IRI"),
    (
        "a body of two composite types",
        {"body": {"type": ["Choice", "List"], "items": ["http://e.x/1"]}},
        "more than one composite",
    ),
    ("a body with neither value nor id", {"body": {"items": ["http://e.x/1"]}}, "neither text"),
    ("a format that is a number", {"body": {**GOOD_BODY, "format": 6}}, "media type"),
    ("a language that is a number", {"body": {**GOOD_BODY, "language": 3}}, "language code"),
    (
        "two processing languages",
        {"body": {**GOOD_BODY, "processingLanguage": ["en", "de"]}},
        "one language",
    ),
    (
        "a list as text direction",
        {"body": {**GOOD_BODY, "textDirection": ["ltr", "rtl"]}},
        "textDirection",
    ),
    ("a creator that is a number", {"creator": 6}, "'creator' must be"),
    ("a generator that is a number", {"generator": 42}, "'generator' must be"),
    ("a generated time that is not one", {"generated": "now"}, "'generated'"),
    (
        "two generated times",
        {"generated": ["2015-01-28T12:00:00Z", "2015-01-28T12:00:01Z"]},
        "'generated'",
    ),
    (
        "a FragmentSelector with no value",
        {"target": {"selector": [{"type": "FragmentSelector"}, SELECTOR]}},
        "FragmentSelector needs",
    ),
    (
        "a FragmentSelector with two values",
        {"target": {"selector": [{"type": "FragmentSelector", "value": ["x", "y"]}, SELECTOR]}},
        "FragmentSelector needs",
    ),
    (
        "a refinement that is broken",
        {"target": {"selector": {**SELECTOR, "refinedBy": {"type": "CssSelector"}}}},
        "CssSelector needs",
    ),
    ("a type that is not Annotation", {"type": "Squirrel"}, "not Annotation"),
]


@pytest.mark.parametrize(("defect", "changes", "reason"), DEFECTS, ids=[d[0] for d in DEFECTS])
def test_an_item_that_breaks_a_must_is_refused_alone(
    defect: str, changes: dict[str, Any], reason: str
) -> None:
    """The bad item is refused with its number and why; the good one beside it is kept."""
    good = _good(id="urn:uuid:7d3c1f0e-3a1b-4f7e-8c55-00000000a001")
    parsed = parse_import_file(_collection(good, _good(**changes)))
    assert [item.annotation.id for item in parsed.items] == [good["id"].removeprefix("urn:uuid:")]
    [refused] = parsed.refused
    assert refused.startswith("item 2: ") and reason in refused, defect


def test_an_annotation_file_without_a_context_is_refused() -> None:
    """A single Annotation (or a collection) with no @context is not a W3C document."""
    with pytest.raises(ValueError, match="no @context"):
        parse_import(json.dumps(_good(**{"@context": None})))


def test_a_relative_source_is_exported_as_the_file_it_names(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """A source named relative to the import file is that file: its URI, in every export."""
    import_annotations(file_store, parse_import(_collection(_good())), tmp_path)
    [item] = json.loads(_export(file_store))["first"]["items"]
    assert item["target"]["source"] == (tmp_path / "page.txt").as_uri()


def test_export_import_export_gives_the_same_document(
    annotated: AnnotationStore, tmp_path: Path
) -> None:
    """Into an empty database and out again: byte for byte the same (ids, quotes, context,
    positions, status, notes, tags, colours, times, sources, creators)."""
    web = _good(
        id="http://example.org/anno-web",
        created=None,
        creator="http://example.org/user2",
        target={"source": "https://example.org/page", "selector": SELECTOR},
    )
    import_annotations(annotated, parse_import(_collection(web)), tmp_path)
    first = _export(annotated)
    fresh = AnnotationStore.open(tmp_path / "fresh.json")
    summary = import_annotations(fresh, parse_import(first), tmp_path)
    assert summary.imported == len(json.loads(first)["first"]["items"]) == 5
    again = _export(fresh)
    assert again == first
    statuses = {item["reader:anchor"]["status"] for item in json.loads(first)["first"]["items"]}
    assert "orphan" in statuses and "exact" in statuses


def test_an_annotation_imported_for_an_unread_article_is_placed_when_it_is_read(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """The import could not read the article (not named): what the file says is kept,
    unchecked; once the article is opened its text places the annotation (it stayed an
    orphan for good when the file gave the article's own text hash)."""
    path = tmp_path / "page.txt"
    path.write_text("The first line.\n\nA paragraph with words to quote here.\n", encoding="utf-8")
    library = Library(file_store)
    text_hash = library.open(path).hash
    fresh = AnnotationStore.open(tmp_path / "fresh.json")
    item = _good(**{"reader:textHash": text_hash})
    item["target"]["selector"] = {"type": "TextQuoteSelector", "exact": "words to quote"}
    import_annotations(fresh, parse_import(_collection(item)), tmp_path / "elsewhere")
    [before] = fresh.annotations()
    assert before.status is not None and before.status.value == "orphan"
    Library(fresh).open(path)
    [group] = Library(fresh).collect()
    [after] = group.annotations
    assert after.resolution is not None and after.resolution.quote == "words to quote"
    assert after.status is not None and after.status.value in ("exact", "moved")


def test_a_backup_restored_beside_its_article_keeps_how_each_was_found(
    annotated: AnnotationStore, tmp_path: Path
) -> None:
    """A fuzzy match and a moved one, backed up and restored where the article can be read:
    they come back fuzzy and moved with their scores (they came back exact 1.0, their
    original quotes lost), and the export after is the export before."""
    path = tmp_path / "articles" / MD_ARTICLE.name
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "A new first line.\n\n" + text.replace("keystone species", "keystone specie"),
        encoding="utf-8",
    )
    first = _export(annotated)
    statuses = sorted(
        item["reader:anchor"]["status"] for item in json.loads(first)["first"]["items"]
    )
    assert "fuzzy" in statuses
    fresh = AnnotationStore.open(tmp_path / "fresh.json")
    import_annotations(fresh, parse_import(first), tmp_path, allowed=[tmp_path / "articles"])
    assert _export(fresh) == first
    restored = {item.id: item for item in fresh.annotations()}
    for original in annotated.annotations():
        assert restored[original.id].target == original.target


def test_a_quote_only_import_found_approximately_stays_so_after_an_unrelated_edit(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """A quote with typos, imported without a position: fuzzy, and still fuzzy after an edit
    elsewhere (it became exact 1.0: the import had replaced the quote by the words found);
    a quote found exactly is exact, not "moved" from a position it never had."""
    path = tmp_path / "q.txt"
    path.write_text(
        "The council met on Monday. The budget before us is the largest yet, said the mayor."
        "\n\nEveryone went home.\n",
        encoding="utf-8",
    )
    items = [
        _good(
            id="urn:uuid:7d3c1f0e-3a1b-4f7e-8c55-00000000a00" + str(number),
            target={"source": "q.txt", "selector": {"type": "TextQuoteSelector", "exact": quote}},
        )
        for number, quote in enumerate(("The budget befor us is the largest", "Everyone went home"))
    ]
    import_annotations(file_store, parse_import(_collection(*items)), tmp_path, allowed=[path])
    found = {item.target.quote.exact: item for item in file_store.annotations()}
    typo, exact = found["The budget befor us is the largest"], found["Everyone went home"]
    assert typo.status is not None and typo.status.value == "fuzzy"
    assert exact.status is not None and exact.status.value == "exact"
    path.write_text(
        path.read_text(encoding="utf-8").replace("met on", "met late on"), encoding="utf-8"
    )
    [group] = Library(file_store).collect([path])
    after = {item.id: item for item in group.annotations}
    status = after[typo.id].status
    assert status is not None and status.value == "fuzzy"


def test_an_item_with_only_a_modified_time_was_made_by_then() -> None:
    """No `created`, a `modified` in 2020: created is not invented later than modified."""
    [item] = parse_import(_collection(_good(created=None, modified="2020-01-01T00:00:00Z")))
    assert item.annotation.created == item.annotation.updated == "2020-01-01T00:00:00Z"


def test_a_repeated_iri_id_is_named_as_the_file_gives_it() -> None:
    """The second item with one IRI id is refused, named by that IRI (not an internal id)."""
    twice = _good(id="http://example.org/anno/7")
    parsed = parse_import_file(_collection(twice, twice))
    assert parsed.refused == ["item 2: id http://example.org/anno/7 appears twice in the file"]


def test_a_restored_orphan_never_lands_on_its_twin(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """Both choruses highlighted, the second cut: an orphan. Backed up and restored beside
    the article, it stays an orphan with its own context (it came back exact on the first
    chorus, two highlights on one passage), and the export after is the export before."""
    chorus = "Chorus: Oh carry me home across the silver sea."
    text = f"Verse one: I walked the shore.\n\n{chorus}\n\nVerse two: I walked the shore.\n\n{chorus}\n\nOutro: and the boats came in.\n"
    path = tmp_path / "song.txt"
    path.write_text(text, encoding="utf-8")
    library = Library(file_store)
    article = library.open(path)
    for number, start in enumerate((article.text.index(chorus), article.text.rindex(chorus))):
        file_store.add(
            Annotation(
                id=f"00000000-0000-4000-8000-00000000000{number}",
                article_id=article.id,
                target=make_target(article.text, start, start + len(chorus), article.hash),
            )
        )
    path.write_text(text.replace(f"{chorus}\n\nOutro", "Outro"), encoding="utf-8")
    first = _export(file_store)
    assert [item["reader:anchor"]["status"] for item in json.loads(first)["first"]["items"]] == [
        "exact",
        "orphan",
    ]
    fresh = AnnotationStore.open(tmp_path / "fresh.json")
    import_annotations(fresh, parse_import(first), tmp_path, allowed=[path])
    assert _export(fresh) == first


def test_a_quote_only_import_whose_context_disagrees_is_not_exact(
    file_store: AnnotationStore, tmp_path: Path
) -> None:
    """A quote alone whose prefix and suffix are nothing like the text around its words: not
    exact 1.0 (the place was taken on trust), but fuzzy with a score that says so, or lost."""
    path = tmp_path / "q.txt"
    path.write_text("The council approved the budget after three long weeks.\n", encoding="utf-8")
    quote = {
        "type": "TextQuoteSelector",
        "exact": "approved the budget after three",
        "prefix": "zzzz qqqq ",
    }
    item = _good(target={"source": "q.txt", "selector": quote})
    import_annotations(file_store, parse_import(_collection(item)), tmp_path, allowed=[path])
    [stored] = file_store.annotations()
    assert stored.resolution is not None
    assert stored.resolution.anchor.status.value in ("fuzzy", "orphan")
    assert stored.resolution.anchor.score < 0.8


def test_one_uuid_in_two_cases_is_one_annotation() -> None:
    """The same UUID written in upper and in lower case is one id (it imported twice)."""
    lower = _good(id="urn:uuid:7d3c1f0e-3a1b-4f7e-8c55-00000000a0ff")
    upper = _good(id="urn:uuid:7D3C1F0E-3A1B-4F7E-8C55-00000000A0FF")
    parsed = parse_import_file(_collection(lower, upper))
    assert [item.annotation.id for item in parsed.items] == ["7d3c1f0e-3a1b-4f7e-8c55-00000000a0ff"]
    assert parsed.refused and "appears twice" in parsed.refused[0]


def test_time_ordered_uuids_get_block_ids_of_their_own() -> None:
    """Two UUIDv7 ids made in one minute share their first eight digits: their Obsidian block
    ids differ all the same; a random UUID keeps the block id earlier exports gave it."""
    from reader.core.export import block_id

    def made(annotation_id: str) -> Annotation:
        return Annotation(id=annotation_id, article_id="a", target=_target())

    first = made("01933b6e-5a1c-7cc0-8b1e-3f0a2b4c5d6e")
    second = made("01933b6e-7f02-7d11-9a3c-8e7f6a5b4c3d")
    assert block_id(first) != block_id(second)
    assert block_id(made("7d3c1f0e-3a1b-4f7e-8c55-00000000a0ff")) == "hl-7d3c1f0e"
