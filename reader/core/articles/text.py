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
    """Decode an article's bytes: BOMs first, then UTF-8, then a detected legacy encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableText(
                    f"it starts with a {encoding} mark but is not valid"
                ) from error
    kind = binary_kind(data)
    if kind is not None:
        raise UnreadableText(f"it is {kind}, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only paid for by files that are not UTF-8

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableText("its encoding could not be recognised as text")
    best = matches[0]
    # Several code pages often decode a text equally well (cp1250 reads French "è" as "č");
    # among equally good candidates, prefer Windows-1252, by far the most common of them.
    for match in matches:
        if (
            match.encoding == "cp1252"
            and match.chaos <= best.chaos + 0.01
            and match.coherence >= best.coherence - 0.01
        ):
            return str(match)
    return str(best)


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


def strip_unsafe_keep_newlines(text: str) -> str:
    """Like `strip_unsafe` for multi-line text: newlines stay, everything else unsafe goes."""
    return "\n".join(strip_unsafe(line) for line in re.split(r"\r\n?|\n", text))


_WHITESPACE_RUN = re.compile(r"\s+")
_SURROGATES = re.compile("[\ud800-\udfff]")


def collapse_whitespace(text: str) -> str:
    """Collapse every whitespace run to one space and trim the ends."""
    return _WHITESPACE_RUN.sub(" ", text).strip()
