"""Hypothesis JSON and Readwise CSV exports."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from reader.core.annotations import Color
from reader.core.imports.detect import format_of
from reader.core.imports.hypothesis import parse_hypothesis
from reader.core.imports.readwise import parse_readwise


def row(id_: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": id_,
        "uri": "https://www.example.org/post/?utm_source=feed",
        "document": {"title": ["A Post"]},
        "created": "2020-01-02T03:04:05.123456+00:00",
        "updated": "2020-01-03T03:04:05+00:00",
        "target": [
            {
                "source": "https://www.example.org/post/?utm_source=feed",
                "selector": [
                    {"type": "TextPositionSelector", "start": 900, "end": 905},
                    {
                        "type": "TextQuoteSelector",
                        "exact": "words",
                        "prefix": "some ",
                        "suffix": " here",
                    },
                ],
            }
        ],
    }
    base.update(fields)
    return base


def test_every_hypothesis_shape_is_read() -> None:
    one = row("a1", text="**my** note", tags=["t1", "t 2"])
    for shape in ({"total": 1, "rows": [one]}, [one], one):
        [item] = parse_hypothesis(shape).items
        assert (item.quote, item.prefix, item.suffix, item.note) == (
            "words",
            "some ",
            " here",
            "**my** note",
        )
        assert item.tags == ("t1", "t 2")
        assert (
            item.created == "2020-01-02T03:04:05.123Z"
            and item.updated == "2020-01-03T03:04:05.000Z"
        )
        assert item.position_hint == 900  # a hint for ties, never a position
        assert item.source.key == "url:https://example.org/post" and item.source.title == "A Post"


def test_page_notes_have_no_quote_and_replies_join_their_root() -> None:
    page_note = row(
        "p1", text="about the whole page", target=[{"source": "https://example.org/post"}]
    )
    root = row("r1", text="root")
    reply = row(
        "x1",
        text="I agree",
        references=["r1"],
        user="acct:sam@hypothes.is",
        created="2020-02-01T00:00:00+00:00",
    )
    orphan_reply = row("x2", text="to nothing", references=["gone"])
    report = parse_hypothesis([page_note, root, reply, orphan_reply])
    notes = {item.key: item for item in report.items}
    assert notes["p1"].quote == "" and notes["p1"].note == "about the whole page"
    assert notes["r1"].note == "root\n\n— sam@hypothes.is replied: I agree"
    assert report.skipped["replies to annotations not in the file"] == 1 and "x1" not in notes
    assert (report.replies_joined, report.notes_joined) == (1, 0)


def test_readwise_columns_are_mapped_by_name_whatever_the_year() -> None:
    old = "Highlight,Title,Author,URL,Note,Location,Date\nA quote,Web Post,,https://x.org/a,,,2019-01-01 10:00:00\n"
    new = (
        "Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n"
        '"Quote, with comma",A Book,Ann,B00X,"a note",,"favorite,h2,blue,topic",location,120,2020-05-05 05:05:05+00:00,doc\n'
        "Thrown away,A Book,Ann,B00X,,,discard,location,130,2020-05-05 05:06:05+00:00,\n"
    )
    [web] = parse_readwise(old, UTC).items
    assert web.source.kind == "page" and web.source.url == "https://x.org/a"
    report = parse_readwise(new, UTC)
    [kept] = report.items
    assert kept.quote == "Quote, with comma" and kept.note == "a note"
    assert kept.tags == ("topic", "doc") and kept.color is Color.BLUE
    assert (
        kept.facts is not None
        and kept.facts.get("favorite") == "yes"
        and kept.facts.get("heading") == "h2"
    )
    assert kept.facts.get("location") == "120" and ("asin", "B00X") in kept.source.identifiers
    assert report.skipped["discarded in Readwise"] == 1
    assert len(parse_readwise(new, UTC, keep_discarded=True).items) == 2


def test_a_readwise_note_with_no_highlight_is_a_note_on_the_book() -> None:
    csv = (
        "Highlight,Book Title,Book Author,Note,Location Type,Location,Highlighted at\n"
        ",A Book,Ann,What the whole book argues,,,2020-05-05 05:05:05+00:00\n"
        "A web quote,A Page,Ann,,offset,1520,2020-05-05 05:06:05+00:00\n"
        ",A Book,Ann,,,,\n"
    )
    report = parse_readwise(csv, UTC)
    note, web = report.items
    assert (note.quote, note.note, note.source.title) == (
        "",
        "What the whole book argues",
        "A Book",
    )
    assert web.facts is not None and web.facts.get("location") == ""
    assert web.facts.get("position") == "1520"
    assert report.skipped["unknown entries"] == 1
    assert report.problems == ["line 4: has neither a highlight nor a note"]


def test_formats_are_told_by_content() -> None:
    assert format_of('{"total": 1, "rows": [{"id": "a", "target": []}]}') == "hypothesis"
    assert (
        format_of('{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation"}') == "w3c"
    )
    assert format_of("return {\n}") == "koreader"
    assert format_of("-- header\nreturn {}") == "koreader"
    assert (
        format_of(
            "T (A)\n- Your Highlight at location 1-2 | Added on Monday, 1 June 2020 10:00:00\n\nx\n==========\n"
        )
        == "kindle"
    )
    assert format_of("Highlight,Book Title,Book Author\nx,y,z\n") == "readwise"
    assert format_of("just some notes\n") is None


def test_a_file_without_the_replies_never_takes_them_away(store) -> None:  # type: ignore[no-untyped-def]
    from reader.core.library.from_apps import import_foreign

    root = {
        "id": "r1",
        "uri": "https://example.org/a",
        "text": "root",
        "target": [{"source": "https://example.org/a", "selector": []}],
        "document": {"title": ["A"]},
    }
    reply = {
        **root,
        "id": "x1",
        "text": "I agree",
        "references": ["r1"],
        "user": "acct:sam@hypothes.is",
    }
    import_foreign(store, parse_hypothesis([root, reply]).items)
    alone = import_foreign(store, parse_hypothesis([root]).items)
    assert (alone.updated, alone.unchanged) == (0, 1)
    [note] = store.annotations()
    assert note.note == "root\n\n— sam@hypothes.is replied: I agree"


def test_rows_that_are_not_annotations_are_counted() -> None:
    report = parse_hypothesis({"rows": [5, "x", {"id": "a", "target": [], "uri": "https://e.org"}]})
    assert report.skipped["unknown entries"] == 2
    assert report.problems == ["2 rows are not annotations (objects)"]
