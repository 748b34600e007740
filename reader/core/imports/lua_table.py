"""KOReader's Lua tables read as data by a small parser that never runs them.

Accepts what KOReader's serializer writes and the rest of Lua's constructor syntax: comments,
`return`, `["key"] =`, `name =`, positional values, every string form (escapes, `\\` before a
newline, long brackets), numbers (hex, exponents, `inf`), `true`, `false`, `nil`. A table
whose keys are the integers 1…n in any order is a list; any other is a dict.
"""

from __future__ import annotations

import re
from typing import Any

MAX_DEPTH = 200


class LuaError(ValueError):
    """The text is not a Lua table as KOReader writes them."""


_SPACE = re.compile(r"(?:\s+|--\[(=*)\[.*?\]\1\]|--[^\n]*)+", re.DOTALL)
_NUMBER = re.compile(
    r"-?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|math\.huge|inf|nan)"
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LONG = re.compile(r"\[(=*)\[")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def fail(self, what: str) -> LuaError:
        line = self.text.count("\n", 0, self.at) + 1
        return LuaError(f"{what} at line {line}")

    def skip(self) -> None:
        found = _SPACE.match(self.text, self.at)
        if found:
            self.at = found.end()

    def peek(self) -> str:
        self.skip()
        return self.text[self.at : self.at + 1]

    def expect(self, symbol: str) -> None:
        if self.peek() != symbol:
            raise self.fail(f"expected {symbol!r}")
        self.at += 1

    def value(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail("tables nested too deeply")
        first = self.peek()
        if first == "{":
            return self.table(depth + 1)
        if first in "\"'":
            return self.string(first)
        if first == "[" and (long := _LONG.match(self.text, self.at)):
            return self.long_string(long)
        if number := _NUMBER.match(self.text, self.at):
            self.at = number.end()
            return _number(number.group())
        if name := _NAME.match(self.text, self.at):
            self.at = name.end()
            words = {"true": True, "false": False, "nil": None}
            if name.group() in words:
                return words[name.group()]
        raise self.fail("expected a value")

    def table(self, depth: int) -> Any:
        self.expect("{")
        pairs: list[tuple[Any, Any]] = []
        position = 0
        while self.peek() != "}":
            if not self.peek():
                raise self.fail("a table is not closed")
            if self.peek() == "[" and not _LONG.match(self.text, self.at):
                self.at += 1
                key = self.value(depth)
                self.expect("]")
                self.expect("=")
                pairs.append((key, self.value(depth)))
            elif (name := _NAME.match(self.text, self.at)) and self._assigns(name.end()):
                self.at = name.end()
                self.expect("=")
                pairs.append((name.group(), self.value(depth)))
            else:
                position += 1
                pairs.append((position, self.value(depth)))
            if self.peek() in (",", ";"):
                self.at += 1
            elif self.peek() != "}":
                raise self.fail("expected ',' or '}'")
        self.at += 1
        return _built(pairs)

    def _assigns(self, end: int) -> bool:
        rest = _SPACE.match(self.text, end)
        after = rest.end() if rest else end
        return self.text[after : after + 1] == "=" and self.text[after : after + 2] != "=="

    def string(self, quote: str) -> str:
        self.at += 1
        out: list[str] = []
        text = self.text
        while True:
            end = self.at
            while end < len(text) and text[end] not in (quote, "\\", "\n"):
                end += 1
            out.append(text[self.at : end])
            self.at = end
            if end >= len(text) or text[end] == "\n":
                raise self.fail("a string is not closed")
            if text[end] == quote:
                self.at += 1
                return "".join(out)
            out.append(self.escape())

    def escape(self) -> str:
        text = self.text
        self.at += 1  # the backslash
        char = text[self.at : self.at + 1]
        if not char:
            raise self.fail("a string is not closed")
        self.at += 1
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char == "\n" or char == "\r":  # a backslash before a newline is the newline
            if char == "\r" and text[self.at : self.at + 1] == "\n":
                self.at += 1
            return "\n"
        if char == "z":
            skipped = re.compile(r"\s*").match(text, self.at)
            self.at = skipped.end() if skipped else self.at
            return ""
        if char == "x":
            digits = text[self.at : self.at + 2]
            if not re.fullmatch(r"[0-9a-fA-F]{2}", digits):
                raise self.fail("a bad \\x escape")
            self.at += 2
            return chr(int(digits, 16))
        if char == "u":
            found = re.compile(r"\{([0-9a-fA-F]{1,8})\}").match(text, self.at)
            if found is None or int(found.group(1), 16) > 0x10FFFF:
                raise self.fail("a bad \\u escape")
            self.at = found.end()
            return chr(int(found.group(1), 16))
        if char.isdigit():
            found = re.compile(r"\d{0,2}").match(text, self.at)
            digits = char + (found.group() if found else "")
            self.at += len(digits) - 1
            if int(digits) > 255:
                raise self.fail("a bad decimal escape")
            return chr(int(digits))
        return char  # \\ \" \' and Lua 5.1's lenient others

    def long_string(self, opening: re.Match[str]) -> str:
        closing = "]" + opening.group(1) + "]"
        end = self.text.find(closing, opening.end())
        if end < 0:
            raise self.fail("a long string is not closed")
        value = self.text[opening.end() : end]
        self.at = end + len(closing)
        return value[1:] if value.startswith("\n") else value


def _number(text: str) -> int | float:
    body = text.lstrip("-")
    sign = -1 if text.startswith("-") else 1
    if body in ("math.huge", "inf"):
        return sign * float("inf")
    if body == "nan":
        return float("nan")
    if body[:2].lower() == "0x":
        return sign * int(body, 16)
    if re.fullmatch(r"\d+", body):
        return sign * int(body)
    return sign * float(body)


def _built(pairs: list[tuple[Any, Any]]) -> Any:
    """A list when the keys are exactly 1…n (in any order), else a dict; nil values dropped."""
    kept = [(key, value) for key, value in pairs if value is not None]
    keys = [key for key, _ in kept]
    if all(type(key) is int for key in keys) and sorted(keys) == list(range(1, len(keys) + 1)):
        return [value for _, value in sorted(kept, key=lambda pair: pair[0])]
    result: dict[Any, Any] = {}
    for key, value in kept:
        if isinstance(key, float) and key.is_integer():
            key = int(key)
        if isinstance(key, str | int | float | bool):
            result[key] = value
    return result


def parse_lua_table(text: str) -> Any:
    """The value a KOReader sidecar returns (`return { … }`), as Python data."""
    parser = _Parser(text.lstrip("\ufeff"))
    parser.skip()
    if parser.text.startswith("return", parser.at):
        parser.at += len("return")
    result = parser.value(0)
    if parser.peek():
        raise parser.fail("text after the table")
    return result
