"""Markdown text that renders as written: quotes escaped, notes contained, YAML strings.

Quotes are escaped so that whatever an article contains renders as the text it was; notes stay
Markdown, with only what could break the document around them neutralised.
"""

from __future__ import annotations

import json
import re

from reader.core.articles.text import remove_unsafe, strip_unsafe_keep_newlines

# Characters with a meaning somewhere in CommonMark or Obsidian (emphasis, code, links, HTML,
# entities, tables, strikethrough, highlights, comments, maths, block ids): escaped in quotes.
# ("!" is not: it means something only before "[", which is escaped.)
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|#=%$^{}])")
_LIST_MARKER = re.compile(r"^(\s*)([-+])")
_ORDERED_MARKER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
_LEADING_SPACES = re.compile(r"^( +)")
_LINE_BREAK = re.compile(r"\r\n?|\n")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BLOCK_ID = re.compile(r"(\s|^)\^([A-Za-z0-9-]+)\s*$")


def escape_text(text: str) -> str:
    """One line of plain text as Markdown that renders exactly as that text."""
    line = remove_unsafe(text)
    if _INLINE_SPECIAL.search(line) is not None:  # (most quotes have none: the search is cheap)
        line = _INLINE_SPECIAL.sub(r"\\\1", line)
    return _escape_line_start(line)


def _escape_line_start(line: str) -> str:
    """A line whose start would open a block (a list item, an indented code block) defused."""
    first = line[:1]
    if first and (first in "-+ " or first.isdigit()):  # only line starts can open a block
        line = _LIST_MARKER.sub(r"\1\\\2", line)
        line = _ORDERED_MARKER.sub(r"\1\\\2", line)
        # Four leading spaces would start a code block: non-breaking spaces instead.
        line = _LEADING_SPACES.sub(lambda match: "&nbsp;" * len(match.group(1)), line)
    return line


def block_quote(text: str) -> str:
    """Text as a Markdown block quote, every line of it, escaped."""
    if "\r" in text:
        text = _LINE_BREAK.sub("\n", text)
    # Escaping works character by character, never across a line break (which it keeps):
    # the whole quote is escaped at once, and only the starts of lines one by one.
    body = remove_unsafe(text)
    if _INLINE_SPECIAL.search(body) is not None:
        body = _INLINE_SPECIAL.sub(r"\\\1", body)
    return "\n".join(f"> {_escape_line_start(line)}".rstrip() for line in body.split("\n"))


_ATX_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_SWALLOWING_HTML = re.compile(
    r"^( {0,3})<(?=(?:script|pre|style|textarea)(?:[\s>]|$)|\?|![A-Za-z]|!\[CDATA\[)",
    re.IGNORECASE,
)
_NOTE_HEADING_FLOOR = 4
"""Headings in a note start at this level, below the note's own structure."""


def safe_note(note: str) -> str:
    """A note's Markdown, kept as written except what could break the note around it.

    Headings are moved below the note's own levels, keep markers and HTML comments are
    defused, a line that would read as a block id is escaped, and an open code fence is closed.
    """
    lines = _LINE_BREAK.split(strip_unsafe_keep_newlines(note).strip("\n"))
    out: list[str] = []
    open_fence = ""
    for line in lines:
        fence = FENCE.match(line)
        if fence:
            marker = fence.group(1)
            if not open_fence:
                open_fence = marker[0] * len(marker)
            elif marker.startswith(open_fence):
                open_fence = ""
            out.append(line)
            continue
        if open_fence:
            out.append(line.replace("<!--", "<!- -"))  # code: only the comment opener changes
            continue
        # (Each rewrite is tried only when its character is in the line: most lines have none.)
        if "<" in line:
            line = line.replace("<!--", "&lt;!--")
            # HTML blocks that only end at their closing tag (<pre>, <script>, <style>,
            # <textarea>, <?…?>, <!DOCTYPE>, <![CDATA[…]]>) would swallow the rest of the note.
            line = _SWALLOWING_HTML.sub(r"\1&lt;", line)
        if "^" in line:
            line = _BLOCK_ID.sub(lambda match: f"{match.group(1)}\\^{match.group(2)}", line)
        underline = _SETEXT_UNDERLINE.match(line)
        previous = out[-1] if out else ""
        if underline and previous.strip() and not _is_block_start(previous):
            level = _NOTE_HEADING_FLOOR if underline.group(1)[0] == "=" else _NOTE_HEADING_FLOOR + 1
            out[-1] = "#" * level + " " + previous.strip()
            continue
        if "#" in line:
            line = _ATX_HEADING.sub(
                lambda match: (
                    match.group(1) + "#" * min(6, len(match.group(2)) + _NOTE_HEADING_FLOOR - 1)
                ),
                line,
            )
        out.append(line)
    if open_fence:
        out.append(open_fence)
    return "\n".join(out)


def _is_block_start(line: str) -> bool:
    """True for a line that is not paragraph text (a setext underline below it is no heading)."""
    stripped = line.lstrip()
    return bool(
        _ATX_HEADING.match(line)
        or FENCE.match(line)
        or stripped.startswith((">", "- ", "* ", "+ ", "|", "<"))
        or re.match(r"\d{1,9}[.)](\s|$)", stripped)
        or len(line) - len(stripped) >= 4
    )


_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def yaml_string(value: str) -> str:
    """A YAML double-quoted scalar: JSON's string syntax, with what YAML reads differently escaped.

    YAML (1.1, as PyYAML reads it) takes U+0085, U+2028 and U+2029 as line breaks and refuses
    other non-printable characters, so those are written as \\u escapes.
    """
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)
