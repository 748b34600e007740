"""JSON text as `reader` prints and exports it: indented by two, UTF-8, stable."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import orjson


def pretty_json(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, made by orjson (the standard library
    indents in pure Python, ten times slower), or by the standard library for what orjson
    refuses (a lone surrogate, an integer past 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, indent=2)


def pretty_json_bytes(value: Any) -> bytes:
    """`pretty_json(value)` as UTF-8 bytes, made without a detour through text; a lone
    surrogate (which UTF-8 cannot hold) is written as its JSON escape, `\\udXXX`."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.encode("utf-8", "backslashreplace")


def pretty_json_array(items: Iterable[Any]) -> Iterator[str]:
    """The text `pretty_json(list(items))` makes, one item at a time (never all held)."""
    empty = True
    for item in items:
        yield ("[\n  " if empty else ",\n  ") + pretty_json(item).replace("\n", "\n  ")
        empty = False
    yield "[]" if empty else "\n]"
