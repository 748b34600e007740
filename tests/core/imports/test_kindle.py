"""Kindle's `My Clippings.txt`, one quirk per test (each seen in real files)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from reader.core.imports.kindle import parse_clippings
from reader.core.imports.kindle_header import parse_header, parse_time, split_title

SEP = "=========="


def clip(title: str, header: str, text: str, blank: bool = True) -> str:
    """One entry as Kindle writes it."""
    return f"{title}\n{header}\n" + ("\n" if blank else "") + f"{text}\n{SEP}\n"


def test_title_and_author_split_at_the_last_balanced_parentheses() -> None:
    assert split_title("西游记 ((美)米切尔)") == ("西游记", "(美)米切尔")
    assert split_title("Notes (2nd ed.) (Smith, Ann)") == ("Notes (2nd ed.)", "Smith, Ann")
    assert split_title("\ufeffA Title Without Author   ") == ("A Title Without Author", "")
    assert split_title("(Only Parentheses)") == ("(Only Parentheses)", "")


def test_headers_in_several_languages_and_the_devices_typos() -> None:
    portuguese = parse_header(
        "- Seu destaque ou posição 295-297 | Adicionado: sábado, 2 de novembro de 2019 20:47:01"
    )
    assert portuguese is not None and portuguese.kind == "highlight"
    assert portuguese.location == (295, 297)
    spanish = parse_header(
        "- La subrayado en la página 12 | posición 170-171 | Añadido el martes, 24 de abril de 2012 16:13:00"
    )
    assert spanish is not None and (spanish.kind, spanish.page, spanish.location) == (
        "highlight",
        "12",
        (170, 171),
    )
    mixed = parse_header(
        "- Your Highlight na página 8 | posição 64-65 | Added on Monday, 3 June 2019 10:00:00"
    )
    assert mixed is not None and (mixed.page, mixed.location) == ("8", (64, 65))
    note = parse_header("- 您在位置 #2544 的笔记 | 添加于 2023年2月9日星期四 下午6:36:38")
    assert note is not None and (note.kind, note.location) == ("note", (2544, 2544))
    german = parse_header(
        "- Ihre Markierung bei Position 434-35 | Hinzugefügt am Montag, 3. Dezember 2012 um 19:51:33"
    )
    assert german is not None and german.location == (434, 435)  # the end abbreviated
    assert parse_header("Not a header at all") is None


def test_times_in_many_layouts() -> None:
    assert parse_time("Tuesday, 12 May 2020 20:35:14") == datetime(2020, 5, 12, 20, 35, 14)
    assert parse_time("Monday, April 21, 2025 10:28:59 PM") == datetime(2025, 4, 21, 22, 28, 59)
    assert parse_time("Tuesday, April 24, 2012, 04:13 PM") == datetime(2012, 4, 24, 16, 13)
    assert parse_time("sábado, 2 de novembro de 2019 20:47:01") == datetime(2019, 11, 2, 20, 47, 1)
    # 下午12:xx is half past noon, not midnight.
    assert parse_time("2023年2月9日星期四 下午12:36:38") == datetime(2023, 2, 9, 12, 36, 38)
    assert parse_time("2023年2月9日星期四 上午12:05:00") == datetime(2023, 2, 9, 0, 5)
    # The oldest firmware: a two-digit year and a named zone.
    assert parse_time("Monday, 3 December 12 19:51:33 Greenwich Mean Time") == datetime(
        2012, 12, 3, 19, 51, 33, tzinfo=UTC
    )
    assert parse_time("no time here") is None


def test_boms_mid_file_crlf_and_newlines_inside_notes() -> None:
    text = (
        "\ufeffBook One (Ann Author)\r\n- Your Highlight at location 10-12 | Added on Monday, 1 June 2020 10:00:00\r\n\r\n"
        "First words.\r\n==========\r\n"
        "\ufeffBook One (Ann Author)\r\n- Your Note at location 12 | Added on Monday, 1 June 2020 10:01:00\r\n\r\n"
        "line one\nline two\r\n==========\r\n"
    )
    [item] = parse_clippings(text, UTC).items
    assert item.source.title == "Book One" and item.source.author == "Ann Author"
    assert item.quote == "First words."
    assert item.note == "line one\nline two"
    assert item.created == "2020-06-01T10:00:00.000Z" and item.updated == "2020-06-01T10:01:00.000Z"


def test_a_resized_highlight_collapses_into_one_the_latest_text_wins() -> None:
    head = "- Your Highlight on Location {} | Added on Monday, April 13, 2020 9:4{}:00 AM"
    text = (
        clip("B (A)", head.format("689-707", 1), "One two three four five six.")
        + clip("B (A)", head.format("689-695", 2), "One two three")
        + clip("B (A)", head.format("690-700", 3), "Another highlight entirely.")
    )
    report = parse_clippings(text, UTC)
    assert [item.quote for item in report.items] == ["One two three", "Another highlight entirely."]
    assert report.merged == 1
    assert report.items[0].facts is not None and report.items[0].facts.get("location") == "689-695"


def test_the_same_location_in_different_books_is_not_a_duplicate() -> None:
    head = "- Your Highlight on Location 3-10 | Added on Thursday, July 29, 2021 10:41:05 PM"
    text = clip("First article (me@example.org)", head, "Same words") + clip(
        "Second article (me@example.org)", head, "Same words"
    )
    assert len(parse_clippings(text).items) == 2


def test_notes_join_their_highlight_by_its_end_location_even_written_before_it() -> None:
    text = (
        clip(
            "B (A)",
            "- Your Note at location 114 | Added on Monday, 26 July 2021 08:04:30",
            "first thought",
        )
        + clip(
            "B (A)",
            "- Your Highlight at location 113-114 | Added on Monday, 26 July 2021 08:04:36",
            "Quoted words.",
        )
        + clip(
            "B (A)",
            "- Your Note at location 114 | Added on Monday, 26 July 2021 08:04:42",
            "second thought",
        )
        + clip(
            "B (A)",
            "- Your Note at location 900 | Added on Monday, 26 July 2021 09:00:00",
            "far from any highlight",
        )
    )
    report = parse_clippings(text, UTC)
    highlight, loose = report.items
    assert highlight.note == "first thought\n\nsecond thought"  # joined, never overwritten
    assert loose.quote == "" and loose.note == "far from any highlight"
    assert report.notes_joined == 2


def test_page_only_notes_join_by_page() -> None:
    text = clip(
        "PDF (X)",
        "- Your Highlight on page 283-283 | Added on Thursday, June 12, 2025 10:16:59 PM",
        "Words",
    ) + clip(
        "PDF (X)",
        "- Your Note on page 283 | Added on Thursday, June 12, 2025 10:17:15 PM",
        "on the page",
    )
    [item] = parse_clippings(text, UTC).items
    assert item.note == "on the page" and item.facts is not None and item.facts.get("page") == "283"


def test_what_is_skipped_is_counted_by_reason() -> None:
    text = (
        f"\n{SEP}\n"  # a file starting with a separator
        + clip(
            "B (A)",
            "- Your Bookmark at location 156 | Added on Tuesday, 1 October 2019 03:06:12",
            "",
        )
        + clip(
            "B (A)",
            "- Your Highlight on Location 651 | Added on Tuesday, August 19, 2025 5:43:16 PM",
            "\n\n",
        )
        + clip(
            "B (A)",
            "- Your Highlight at location 5-6 | Added on Tuesday, 1 October 2019 03:07:00",
            " <You have reached the clipping limit for this item>",
        )
        + "garbage line\nmore garbage\n"
        + SEP
        + "\n"
    )
    report = parse_clippings(text)
    assert report.items == []
    assert dict(report.skipped) == {
        "bookmarks": 1,
        "image highlights": 1,
        "clipping-limit stubs": 1,
        "unknown entries": 1,
    }
    assert report.problems == [
        "line 20: an entry that has a header reader does not know: \u201cmore garbage\u201d;"
        " skipped"
    ]


def test_an_unreadable_date_is_named_not_silently_replaced() -> None:
    text = clip(
        "B (A)", "- Your Highlight at location 5-6 | Added on Blursday, 99 Smarch", "Words."
    )
    report = parse_clippings(text)
    [item] = report.items
    assert item.created == "" and item.facts is not None
    assert item.facts.get("time") == "Blursday, 99 Smarch"
    assert report.problems == [
        "line 1: the date \u201cBlursday, 99 Smarch\u201d could not be read; the highlight is"
        " dated when it was imported"
    ]


def test_text_straight_after_the_header_and_two_highlights_in_one_minute() -> None:
    head = "- Your Highlight on Page 125-125 | Added on Tuesday, April 24, 2012, 04:13 PM"
    text = clip("Libro", head, "la primera parte", blank=False) + clip("Libro", head, "personal")
    report = parse_clippings(text)
    assert [item.quote for item in report.items] == ["la primera parte", "personal"]
    assert len({item.annotation_id for item in report.items}) == 2


def test_ids_depend_on_the_file_not_the_machine_and_survive_growth() -> None:
    first = clip(
        "B (A)",
        "- Your Highlight at location 1-2 | Added on Monday, 1 June 2020 10:00:00",
        "Alpha beta",
    )
    grown = first + clip(
        "B (A)",
        "- Your Highlight at location 1-3 | Added on Monday, 1 June 2020 10:05:00",
        "Alpha beta gamma.",
    )
    [before] = parse_clippings(first, UTC).items
    [after] = parse_clippings(grown, timezone(timedelta(hours=2))).items
    assert before.annotation_id == after.annotation_id and after.quote == "Alpha beta gamma."
    assert after.created == "2020-06-01T08:00:00.000Z"  # read in the zone given


@given(st.text())
def test_the_parser_never_raises_on_arbitrary_text(text: str) -> None:
    report = parse_clippings(text)
    assert all(isinstance(item.quote, str) for item in report.items)


@given(
    st.lists(
        st.sampled_from(
            [
                SEP,
                "- Your Note at location 1",
                "- Your Highlight on page x | Added on",
                "T (A)",
                "",
                "\ufeff",
                "下午12:00",
            ]
        ),
        max_size=30,
    )
)
def test_the_parser_never_raises_on_kindle_like_lines(lines: list[str]) -> None:
    parse_clippings("\n".join(lines))
