"""The database's bytes: compact JSON in, dictionaries out, and what they hold."""

from __future__ import annotations

from typing import Any

import orjson

Data = dict[str, dict[str, Any]]
"""A database: tables of documents by id."""


def parse_database(raw: bytes) -> Data:
    """Parse a database file's bytes, raising ValueError with the reason when they are not one."""
    if not raw or raw.isspace():
        return {}
    try:
        data = orjson.loads(raw)  # several times faster than json: the database can be large
    except orjson.JSONDecodeError as error:
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
