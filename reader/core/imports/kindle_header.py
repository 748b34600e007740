"""One Kindle clipping's title and header lines read: book, author, kind, page, location, time."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from reader.core.imports.kindle_words import (
    ADDED_WORDS,
    AFTERNOON,
    KINDS,
    LOCATION_WORDS,
    MONTHS,
    MORNING,
    PAGE_WORDS,
    UTC_NAMES,
    word_pattern,
)

_KINDS = re.compile(
    "|".join(f"(?P<{kind}>{word_pattern(words)})" for kind, words in KINDS.items()), re.IGNORECASE
)
_NUMBER = r"#?\s*(\d+)(?:\s*-\s*(\d+))?"
_PAGE = re.compile(rf"(?:{word_pattern(PAGE_WORDS)})\s*{_NUMBER}", re.IGNORECASE)
_ROMAN_PAGE = re.compile(rf"(?:{word_pattern(PAGE_WORDS)})\s+([ivxlcdm]+)\b", re.IGNORECASE)
_CJK_PAGE = re.compile(r"第\s*(\d+)(?:\s*-\s*(\d+))?\s*[页頁]")
_LOCATION = re.compile(rf"(?:{word_pattern(LOCATION_WORDS)})\s*{_NUMBER}", re.IGNORECASE)
_ANY_RANGE = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")
_ADDED = re.compile(rf"^\s*(?:{word_pattern(ADDED_WORDS)})\s*", re.IGNORECASE)
_TIME = re.compile(r"(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?")
_CJK_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_LETTERS = re.compile(r"[^\W\d_]+")
_PM = re.compile(r"(?<![^\W\d_])p\.?\s?m\.?(?![^\W\d_])", re.IGNORECASE)
_AM = re.compile(r"(?<![^\W\d_])a\.?\s?m\.?(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class Header:
    """What a clipping's header line says."""

    kind: str
    """"highlight", "note" or "bookmark"."""
    page: str
    location: tuple[int, int] | None
    time: str
    """The time as written."""


def split_title(line: str) -> tuple[str, str]:
    """A clipping's title line as (title, author): the author is in the last balanced
    parentheses at the end (`Title ((美)米切尔)`); a title without them has no author."""
    text = line.replace("\ufeff", "").strip()
    closing = {")": "(", "）": "（"}
    if text and text[-1] in closing:
        close, open_ = text[-1], closing[text[-1]]
        depth = 0
        for index in range(len(text) - 1, -1, -1):
            if text[index] == close:
                depth += 1
            elif text[index] == open_:
                depth -= 1
                if depth == 0:
                    title, author = text[:index].strip(), text[index + 1 : -1].strip()
                    if title:
                        return title, author
                    break
    return text, ""


_DIGITS = re.compile(r"\d+")


def parse_header(line: str) -> Header | None:
    """A clipping's second line read; None when it is not a Kindle header.

    A file's headers differ mostly in their numbers: the words are read once per shape of
    header (its numbers taken out, `_places_plan`), the numbers of each put in their places.
    """
    text = line.replace("\ufeff", "").strip()
    if not text.startswith("-"):
        return None
    parts = [part.strip() for part in text.lstrip("-").split("|")]
    time = ""
    if len(parts) > 1:
        last = parts[-1]
        added = _added_end(_DIGITS.split(last, 1)[0])
        if added is not None or _TIME.search(last):
            time = parts.pop()[added or 0 :].strip()
    places = " | ".join(parts)
    plan = _places_plan(_DIGITS.sub("0", places))
    if plan is None:
        return None
    kind, page_at, roman, location_at, any_at = plan
    numbers = _DIGITS.findall(places)
    page = ""
    if page_at is not None:
        start, end = _numbers_range(numbers, *page_at)
        page = str(start) if start == end else f"{start}-{end}"
    elif roman:
        page = roman
    location = None
    if location_at is not None:
        location = _numbers_range(numbers, *location_at)
    elif not page and any_at is not None:
        location = _numbers_range(numbers, *any_at)
    return Header(kind, page, location, time)


@lru_cache(maxsize=1024)
def _added_end(lead: str) -> int | None:
    """Where the words before a header's time end ("Added on "), read off what comes before
    its first number (None: no such words)."""
    added = _ADDED.match(lead)
    return added.end() if added is not None else None


_Where = tuple[int, int | None]
"""The numbers of a page or location: the index of its first, and of its second if any."""


def _at(shape: str, found: re.Match[str]) -> _Where:
    """Which of the header's numbers a match of its shape took (each number is one "0")."""
    first = shape.count("0", 0, found.start(1))
    return first, (first + 1 if found.group(2) is not None else None)


@lru_cache(maxsize=1024)
def _places_plan(
    shape: str,
) -> tuple[str, _Where | None, str, _Where | None, _Where | None] | None:
    """What a header's place words say, for one shape of header: its kind, and which of its
    numbers are the page, the location, or (with neither word) the range; None when the
    words name no kind of clipping."""
    found_kind = _KINDS.search(shape.split(" | ", 1)[0])
    if found_kind is None:
        return None
    page_at: _Where | None = None
    roman = ""
    if found := _PAGE.search(shape) or _CJK_PAGE.search(shape):
        page_at = _at(shape, found)
    elif roman_page := _ROMAN_PAGE.search(shape):
        roman = roman_page.group(1)
    location = _LOCATION.search(shape)
    any_range = _ANY_RANGE.search(shape)
    return (
        found_kind.lastgroup or "",
        page_at,
        roman,
        _at(shape, location) if location is not None else None,
        _at(shape, any_range) if any_range is not None else None,
    )


def _numbers_range(numbers: list[str], first: int, second: int | None) -> tuple[int, int]:
    start_text = numbers[first]
    start = int(start_text)
    if second is None:
        return start, start
    end_text = numbers[second]
    end = int(end_text)
    if end < start and len(end_text) < len(start_text):  # "1234-36": the end abbreviated
        end = int(start_text[: -len(end_text)] + end_text)
    return (start, end) if end >= start else (start, start)


@lru_cache(maxsize=4096)
def _hour(hour: int, text: str) -> int:
    afternoon = _PM.search(text) or any(mark in text for mark in AFTERNOON if not mark.isascii())
    morning = _AM.search(text) or any(mark in text for mark in MORNING if not mark.isascii())
    if afternoon and hour < 12:
        return hour + 12  # 下午12:30 is half past noon: it stays 12
    if morning and not afternoon and hour == 12:
        return 0
    return hour


def parse_time(raw: str) -> datetime | None:
    """A Kindle header's time: naive (local) unless it names UTC/GMT; None when unreadable."""
    text = raw.strip()
    clock = _TIME.search(text)
    if clock is None:
        return None
    rest = text[: clock.start()] + " " + text[clock.end() :]
    folded = rest.casefold()
    day = _date(rest)
    if day is None:
        return None
    year, month, day_of_month = day
    try:
        moment = datetime(
            year,
            month,
            day_of_month,
            _hour(int(clock.group(1)), folded),
            int(clock.group(2)),
            int(clock.group(3) or 0),
        )
    except ValueError:
        return None
    if any(name in folded for name in UTC_NAMES):
        moment = moment.replace(tzinfo=UTC)
    return moment


@lru_cache(maxsize=4096)
def _date(rest: str) -> tuple[int, int, int] | None:
    """The year, month and day of a header's time with the clock taken out (cached: a file's
    clippings share their days)."""
    folded = rest.casefold()
    if cjk := _CJK_DATE.search(rest):
        year, month, day = (int(part) for part in cjk.groups())
    else:
        month = next(
            (MONTHS[word] for word in _LETTERS.findall(folded) if word in MONTHS), 0
        ) or next((MONTHS[word[:3]] for word in _LETTERS.findall(folded) if word[:3] in MONTHS), 0)
        numbers = re.findall(r"\d+", rest)
        if month:
            long = [int(number) for number in numbers if len(number) == 4]
            short = [int(number) for number in numbers if len(number) <= 2]
            if not short:
                return None
            day = short[0]
            if long:
                year = long[0]
            elif len(short) >= 2:
                year = 2000 + short[1]  # the oldest firmware: "3 December 12"
            else:
                return None
        elif len(numbers) >= 3:
            first, second, third = (int(number) for number in numbers[:3])
            year, month, day = (first, second, third) if first > 31 else (third, second, first)
        else:
            return None
    return year, month, day
