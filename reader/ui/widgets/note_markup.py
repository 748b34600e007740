"""A note's Markdown as styled runs of plain text, one line at a time, for the pane.

Inline emphasis, code and links are shown as styles (a link by its text, underlined); list
items get a bullet, headings are bold and quotes get a bar. Nothing of the note is ever
interpreted as Rich or Textual markup, and raw HTML in a note is shown as the text it is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from rich.cells import cell_len, set_cell_size


class Run(NamedTuple):
    """A piece of a note's line and how it is drawn."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: bool = False


_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_NUMBER = re.compile(r"^(\s*)(\d{1,9}[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_QUOTE = re.compile(r"^>\s?")


@lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    # Only inline rules matter here; HTML stays text ("html" off escapes nothing: it is
    # simply not recognised as HTML).
    return MarkdownIt("zero").enable(["emphasis", "backticks", "link", "autolink", "escape"])


def _inline(text: str, bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    tokens = _parser().parseInline(text)
    children = tokens[0].children if tokens and tokens[0].children else []
    strong = emphasis = link = 0
    for token in children:
        kind = token.type
        if kind == "strong_open":
            strong += 1
        elif kind == "strong_close":
            strong -= 1
        elif kind == "em_open":
            emphasis += 1
        elif kind == "em_close":
            emphasis -= 1
        elif kind == "link_open":
            link += 1
        elif kind == "link_close":
            link -= 1
        elif kind == "code_inline":
            runs.append(Run(token.content, bold, italic, code=True))
        elif kind in ("text", "softbreak", "hardbreak"):
            content = token.content if kind == "text" else " "
            runs.append(Run(content, bold or strong > 0, italic or emphasis > 0, link=link > 0))
    return [run for run in runs if run.text]


def note_runs(line: str) -> list[Run]:
    """One line of a note, its Markdown shown as styles."""
    prefix: list[Run] = []
    bold = italic = False
    if match := _HEADING.match(line):
        line, bold = line[match.end() :], True
    elif match := _QUOTE.match(line):
        line, italic = line[match.end() :], True
        prefix = [Run("▎ ")]
    elif match := _BULLET.match(line):
        prefix = [Run(match.group(1) + "• ")]
        line = line[match.end() :]
    elif match := _NUMBER.match(line):
        prefix = [Run(match.group(1) + match.group(2) + " ")]
        line = line[match.end() :]
    return prefix + _inline(line, bold, italic)


def fit_runs(runs: list[Run], width: int) -> list[Run]:
    """The runs cut to `width` cells, with an ellipsis when something was cut."""
    total = sum(cell_len(run.text) for run in runs)
    if total <= width:
        return runs
    kept: list[Run] = []
    room = max(0, width - 1)
    for run in runs:
        cells = cell_len(run.text)
        if cells <= room:
            kept.append(run)
            room -= cells
            continue
        if room > 0:
            kept.append(run._replace(text=set_cell_size(run.text, room).rstrip()))
        break
    kept.append(Run("…"))
    return kept


def wrap_runs(runs: list[Run], width: int) -> list[list[Run]]:
    """The runs of one line wrapped into rows of at most `width` cells, at spaces (a word
    longer than a row is cut into pieces)."""
    rows: list[list[Run]] = [[]]
    used = 0
    for run in runs:
        for word in re.split(r"(?<= )", run.text):  # words, each with its trailing space
            while word:
                cells = cell_len(word.rstrip())
                if used and used + cells > width:
                    rows.append([])
                    used = 0
                    word = word.lstrip()
                    continue
                if cells > width:  # one word wider than a row
                    piece = set_cell_size(word, width)
                    rows[-1].append(run._replace(text=piece))
                    rows.append([])
                    used = 0
                    word = word[len(piece) :]
                    continue
                rows[-1].append(run._replace(text=word))
                used += cell_len(word)
                word = ""
    return [row for row in rows if row] or [[]]
