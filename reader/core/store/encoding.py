"""The database's bytes: compact JSON in, dictionaries out, and what they hold."""

from __future__ import annotations

import json
from typing import Any

import orjson

Data = dict[str, dict[str, Any]]
"""A database: tables of documents by id."""


LARGE_JSON_BYTES = 1 << 20
"""From this size on, JSON is parsed by the standard library: orjson's parse of 8 MB peaks at
120 MiB, the standard library's at 40 MiB (for 60% more time)."""


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


STRICT_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)
"""The standard library's parser, refusing NaN and Infinity as orjson does."""


def load_json(raw: bytes) -> Any:
    """Parse JSON bytes strictly (no NaN or Infinity), with little memory for large ones."""
    if len(raw) < LARGE_JSON_BYTES:
        return orjson.loads(raw)
    return json.loads(raw, parse_constant=_refuse_constant)


def parse_database(raw: bytes) -> Data:
    """Parse a database file's bytes, raising ValueError with the reason when they are not one."""
    if not raw or raw.isspace():
        return {}
    try:
        data = load_json(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"is not valid JSON (line {error.lineno}, column {error.colno})") from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise ValueError("is JSON, but not a reader database")
    return data


def encode_database(data: Data) -> bytes:
    """The bytes written for a database: compact UTF-8 JSON with a final newline."""
    return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE)


def annotation_count(data: Data) -> int:
    """How many annotations a database holds."""
    table = data.get("annotations", {})
    return len(table) if isinstance(table, dict) else 0
