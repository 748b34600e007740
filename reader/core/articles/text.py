"""Turning a file's bytes into clean text: decoding, newline and control-character handling."""

from __future__ import annotations

import codecs
import re
import unicodedata

MAX_ARTICLE_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused rather than loaded."""

# Byte signatures of formats people commonly drop into a folder of articles by mistake.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office/EPUB file)"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls except \n (tabs and \r are dealt with before), DEL, C1 controls, and the bidi
# embedding/override/isolate characters: all of them would reach the terminal and could spoof it.
_UNSAFE_CHARACTERS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Line and paragraph separators other than \n; "\r\n" must be replaced before "\r".
_OTHER_NEWLINES = ("\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")


class UnreadableText(ValueError):
    """The bytes are not text a person could read (binary, or no encoding fits)."""


def binary_kind(data: bytes) -> str | None:
    """Say what kind of binary file `data` is, or None when it may be text.

    Call this only after a byte-order mark has been ruled out: UTF-16 text is full of NULs.
    """
    for signature, kind in _BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    if b"\x00" in data:
        return "a binary file (it contains NUL bytes)"
    return None


def decode(data: bytes) -> str:
    """Decode an article's bytes (see `decode_with_guess`)."""
    return decode_with_guess(data)[0]


def _utf8_sequences(data: bytes) -> tuple[int, int]:
    """How many bytes belong to valid multi-byte UTF-8 sequences, and how many are invalid."""
    valid = invalid = 0
    position = 0
    while True:
        try:
            data[position:].decode("utf-8")
        except UnicodeDecodeError as error:
            chunk = data[position : position + error.start]
            valid += sum(1 for byte in chunk if byte >= 0x80)
            invalid += error.end - error.start
            position += error.end
            continue
        valid += sum(1 for byte in data[position:] if byte >= 0x80)
        return valid, invalid


def _cp1252_for_invalid(error: UnicodeError) -> tuple[str, int]:
    """Decoding error handler: bytes that are not UTF-8 are read as Windows-1252."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", "replace"), error.end


codecs.register_error("reader-cp1252", _cp1252_for_invalid)

# Windows-1252 leaves these bytes undefined: a text holding them is in another code page.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


def decode_with_guess(data: bytes) -> tuple[str, str]:
    """Decode an article's bytes; the second value says how, when it was a guess ("" if not).

    BOMs first, then UTF-8. A file that is mostly UTF-8 with some Latin-1 (or Windows-1252)
    bytes keeps its UTF-8 and reads those bytes as Windows-1252. A file with no UTF-8 at all
    is read as Windows-1252 when that fits, else in the encoding detected.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), ""
            except UnicodeDecodeError as error:
                raise UnreadableText(
                    f"it starts with a {encoding} mark but is not valid"
                ) from error
    kind = binary_kind(data)
    if kind is not None:
        raise UnreadableText(f"it is {kind}, not text")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    valid, invalid = _utf8_sequences(data)
    if valid >= invalid:  # mostly UTF-8: a few stray Latin-1 bytes do not make it Latin-1
        return (
            data.decode("utf-8", "reader-cp1252"),
            (
                f"{invalid} bytes that are not UTF-8 were"
                if invalid != 1
                else "1 byte that is not UTF-8 was"
            )
            + " read as Windows-1252",
        )
    from charset_normalizer import from_bytes  # only paid for by files that are not UTF-8

    matches = list(from_bytes(data))
    best = matches[0] if matches else None
    # Short samples make the detector pick among Latin code pages almost at random (cp1250
    # reads French "crème" as "crčme"): among those, Windows-1252 wins when its letters stay
    # letters inside words.
    if not _CP1252_UNDEFINED & set(data):
        text = data.decode("cp1252")
        doubtful = best is None or best.encoding in _LATIN_CODE_PAGES or _odd_words(str(best))
        if doubtful and not _odd_words(text):
            return text, "it is not UTF-8; it was read as Windows-1252 (Latin-1), a guess"
    if best is None:
        raise UnreadableText("its encoding could not be recognised as text")
    return str(best), f"it is not UTF-8; it was read as {best.encoding}, a guess"


_LATIN_CODE_PAGES = frozenset(
    {
        *("cp1250", "cp1252", "cp1254", "cp1257", "latin_1", "mac_roman", "mac_latin2"),
        *(f"iso8859_{number}" for number in (2, 3, 4, 9, 10, 13, 14, 15, 16)),
        *("cp437", "cp850", "cp852", "cp858"),
    }
)


def _script(character: str) -> str:
    return unicodedata.name(character, "?").split(" ")[0]


def _odd_words(text: str) -> bool:
    """True when a character outside ASCII sits inside a word but is no letter of the word's
    script ("Za¿ó³æ", Polish read as Windows-1252; "crﻟme", French read as Urdu): the code
    page that gave this text is wrong."""
    for index in range(1, len(text) - 1):
        character = text[index]
        if ord(character) < 0x80:
            continue
        before, after = text[index - 1], text[index + 1]
        if not (before.isalpha() and after.isalpha()):
            continue
        if not character.isalpha():
            return True
        scripts = {_script(before), _script(after)}
        if _script(character) not in scripts:
            return True
    return False


def clean(text: str, tab_size: int = 4) -> str:
    """Normalise decoded text: `\\n` newlines, tabs as spaces, no unsafe controls, NFC."""
    for newline in _OTHER_NEWLINES:
        if newline in text:  # a fast scan; most texts have none of them
            text = text.replace(newline, "\n")
    if "\t" in text:
        text = "\n".join(line.expandtabs(tab_size) for line in text.split("\n"))
    text = _UNSAFE_CHARACTERS.sub("", text)
    if unicodedata.is_normalized("NFC", text):  # a fast check that spares a copy of large texts
        return text
    return unicodedata.normalize("NFC", text)


def strip_unsafe(text: str) -> str:
    """Remove characters that must never reach a terminal from a short string (a title, a tag)."""
    if text.isascii():  # the common case: no surrogates, already NFC (an import has 100,000)
        if "\t" not in text and _UNSAFE_CHARACTERS.search(text) is None:
            return text
        return _UNSAFE_CHARACTERS.sub("", text.replace("\t", " "))
    text = valid_text(text)
    return unicodedata.normalize("NFC", _UNSAFE_CHARACTERS.sub("", text.replace("\t", " ")))


def remove_unsafe(text: str) -> str:
    """Tabs become spaces and what must never reach a terminal goes (no normalisation)."""
    if _UNSAFE_CHARACTERS.search(text) is None:
        return text
    return _UNSAFE_CHARACTERS.sub("", text.replace("\t", " "))


def has_unsafe(text: str) -> bool:
    """True when `text` holds a character that must never reach a terminal."""
    return _UNSAFE_CHARACTERS.search(text) is not None


def escape_unsafe(text: str) -> str:
    """Characters that must never reach a terminal written as `\\uXXXX` (for JSON strings, where
    the escape reads back as the same character)."""
    return _UNSAFE_CHARACTERS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def valid_text(text: str) -> str:
    """`text` with anything that is not text (lone surrogates, undecodable file-name bytes)
    replaced, so that it can be stored, printed and compared."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def display_path(path: object) -> str:
    """A file name as it may be shown or printed: what could act on a terminal is removed, and
    bytes that are not UTF-8 are shown as replacement characters."""
    return remove_unsafe(valid_text(str(path)).replace("\n", " "))


_LINE_BREAK = re.compile(r"\r\n?|\n")


def strip_unsafe_keep_newlines(text: str) -> str:
    """Like `strip_unsafe` for multi-line text: newlines stay, everything else unsafe goes."""
    if _UNSAFE_CHARACTERS.search(text) is None and (  # no tab, no \r: as it is, if it is NFC
        text.isascii() or (valid_text(text) is text and unicodedata.is_normalized("NFC", text))
    ):
        return text
    return "\n".join(strip_unsafe(line) for line in _LINE_BREAK.split(text))


_SURROGATES = re.compile("[\ud800-\udfff]")


def collapse_whitespace(text: str) -> str:
    """Collapse every whitespace run to one space and trim the ends."""
    # str.split() cuts at exactly the characters `\s` matches, four times faster.
    return " ".join(text.split())
