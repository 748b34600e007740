"""The difference between a quote as it was made and the text it is attached to now, word by
word, for a person to see what changed."""

from __future__ import annotations

import difflib
import re
from typing import Literal

Kind = Literal["same", "removed", "added"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[Kind, str]]:
    """`old` turned into `new` as runs of words kept, removed and added (whitespace changes
    alone count as the same)."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    keys_before = [" " if token.isspace() else token for token in before]
    keys_after = [" " if token.isspace() else token for token in after]
    matcher = difflib.SequenceMatcher(None, keys_before, keys_after, autojunk=False)
    runs: list[tuple[Kind, str]] = []

    def add(kind: Kind, text: str) -> None:
        if not text:
            return
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + text)
        else:
            runs.append((kind, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", "".join(after[j1:j2]))
            continue
        add("removed", "".join(before[i1:i2]))
        add("added", "".join(after[j1:j2]))
    return runs
