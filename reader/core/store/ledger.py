"""What was imported from other apps, and what the reader deleted: the ledger and tombstones.

The ledger records, for each imported annotation, its source app and key and the values it
had when last imported, so a re-import changes only what changed at the source and never a
field the reader edited since. A tombstone keeps a deleted annotation whole, with when it was
deleted: an import never brings it back, and `reader db deleted --restore` does. Both are
keyed by annotation id, the id every copy of a library shares: what a merge between machines
needs to tell an item one copy deleted from one the other never had.
"""

from __future__ import annotations

from typing import Any

LEDGER, SOURCES, TOMBSTONES = "imported", "import_sources", "deleted"
"""The tables: imported items, imported sources (books, pages), deleted annotations."""
LEDGER_FIELDS = ("quote", "note", "tags", "color")
"""The values of an imported item the ledger remembers."""


def ledger_entry(
    format_name: str,
    key: str,
    source_id: str,
    values: dict[str, Any],
    now: str,
    first: str = "",
    times: tuple[str, str] = ("", ""),
) -> dict[str, Any]:
    """A ledger document: where an item came from, its values as imported, and its source
    times (made, last changed there), which tell an older copy of an export from a newer."""
    return {
        "format": format_name,
        "key": key,
        "source": source_id,
        "values": {name: values[name] for name in LEDGER_FIELDS if name in values},
        "created": times[0],
        "changed": times[1],
        "first": first or now,
        "last": now,
    }


def tombstone(annotation_doc: dict[str, Any], now: str) -> dict[str, Any]:
    """A tombstone: the annotation as it was, and when it was deleted."""
    return {"id": annotation_doc["id"], "deleted": now, "annotation": annotation_doc}


def is_tombstone(doc: Any) -> bool:
    """True for a tombstone that can be restored (a hand-edited one may not)."""
    return (
        isinstance(doc, dict)
        and isinstance(doc.get("deleted"), str)
        and isinstance(doc.get("annotation"), dict)
    )
