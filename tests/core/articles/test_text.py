"""Decoding and cleaning of article bytes."""

from __future__ import annotations

import codecs

import pytest

from reader.core.articles.text import (
    UnreadableText,
    binary_kind,
    clean,
    collapse_whitespace,
    decode,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("héllo".encode(), "héllo"),
        (codecs.BOM_UTF8 + "héllo".encode(), "héllo"),
        ("héllo".encode("utf-16"), "héllo"),
        (codecs.BOM_UTF16_BE + "héllo".encode("utf-16-be"), "héllo"),
        ("héllo".encode("utf-32"), "héllo"),
    ],
)
def test_decode_utf_variants(data: bytes, expected: str) -> None:
    """UTF-8 with or without BOM, and UTF-16/32 with a BOM, decode to the same text."""
    assert decode(data) == expected


def test_decode_legacy_encoding() -> None:
    """Bytes that are not UTF-8 are decoded with a detected legacy encoding."""
    text = "Café au lait, crème brûlée et pâtisserie française. " * 20
    assert decode(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"PK\x03\x04rest", "ZIP"),
        (b"plain start\x00then NUL", "NUL"),
    ],
)
def test_binary_files_are_refused(data: bytes, kind: str) -> None:
    """Binary formats and NUL bytes are recognised and refused with their kind named."""
    found = binary_kind(data)
    assert found is not None and kind in found
    with pytest.raises(UnreadableText, match=kind):
        decode(data)


def test_utf16_is_not_mistaken_for_binary() -> None:
    """UTF-16 is full of NUL bytes, but its BOM is checked first."""
    assert decode("plain".encode("utf-16-le").join([codecs.BOM_UTF16_LE, b""])) == "plain"


def test_clean_normalises_newlines_tabs_and_controls() -> None:
    """CRLF and CR become LF, tabs spaces, unsafe controls and bidi overrides vanish."""
    raw = "a\r\nb\rc\td\x1b[31me\x07f\u202eg\x85h\x9bi\u2066j"
    assert clean(raw) == "a\nb\nc   d[31mefg\nhij"


def test_clean_applies_nfc() -> None:
    """Decomposed characters are composed (NFC), so offsets match what the eye sees."""
    assert clean("e\u0301") == "\u00e9"


def test_collapse_whitespace() -> None:
    """Whitespace runs become one space; the ends are trimmed."""
    assert collapse_whitespace("  a \n\t b  ") == "a b"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("crème".encode("latin-1"), "crème"),  # was "crčme" (cp1250) or worse
        ("Une crème brûlée, très bien.".encode("latin-1"), "Une crème brûlée, très bien."),
        ("Déjà vu — café ".encode() + "et crème".encode("latin-1"), "Déjà vu — café et crème"),
        (
            "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża.".encode("cp1250"),
            "Zażółć gęślą jaźń. Pchnąć w tę łódź jeża.",
        ),
        ("Привет мир, как дела? Это тест.".encode("cp1251"), "Привет мир, как дела? Это тест."),
    ],
)
def test_legacy_and_mixed_encodings_are_read_right_and_said(data: bytes, expected: str) -> None:
    """Short Latin-1 is Windows-1252, UTF-8 with stray Latin-1 keeps its UTF-8, other code pages
    are detected; each time the reader is told that a guess was made."""
    from reader.core.articles.text import decode_with_guess

    text, guess = decode_with_guess(data)
    assert text == expected and guess


def test_utf8_is_no_guess() -> None:
    """UTF-8 (and a BOM) decode without a word."""
    from reader.core.articles.text import decode_with_guess

    assert decode_with_guess("crème".encode()) == ("crème", "")
