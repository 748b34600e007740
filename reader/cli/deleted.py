"""`reader db deleted`: the tombstones of deleted annotations, listed and restored."""

from __future__ import annotations

import json
from collections.abc import Sequence
from os.path import commonprefix
from typing import TYPE_CHECKING, Any

from reader.cli.common import BadInput, plural, say, write_stdout

if TYPE_CHECKING:
    from reader.core.store import AnnotationStore

MIN_PREFIX = 6
"""An id may be given by its first characters (Markdown block ids show eight)."""
SHOWN_LENGTH = 8
"""Characters of an id listed when no other listed id shares them."""


def _key(annotation_id: str) -> str:
    """An id as `--restore` compares it: lower case, without dashes."""
    return annotation_id.lower().replace("-", "")


def shown_ids(ids: Sequence[str]) -> dict[str, str]:
    """Each id's shortest head (eight characters at least) that no other id here starts with,
    as `--restore` reads it: ids made a moment apart (time-ordered) share their first twelve."""
    keys = sorted({_key(ident) for ident in ids})
    needed: dict[str, int] = {}
    for before, after in zip(keys, keys[1:], strict=False):
        shared = len(commonprefix([before, after]))
        for key in (before, after):
            needed[key] = max(needed.get(key, 0), shared + 1)
    shown = {}
    for ident in ids:
        length, counted = max(SHOWN_LENGTH, needed.get(_key(ident), 0)), 0
        for end, character in enumerate(ident, start=1):  # (the dashes are not counted)
            counted += character != "-"
            if counted >= length:
                shown[ident] = ident[:end]
                break
        else:
            shown[ident] = ident
    return shown


def _rows(store: AnnotationStore) -> list[dict[str, Any]]:
    with store.reading() as view:
        titles = {record.id: record.title for record in view.articles()}
        stones = view.tombstones()
    rows = []
    for stone in stones:
        doc = stone["annotation"]
        quote = doc.get("quote", {}).get("exact", "") if isinstance(doc.get("quote"), dict) else ""
        rows.append(
            {
                "id": str(doc.get("id", "")),
                "deleted": stone["deleted"],
                "article_id": str(doc.get("article_id", "")),
                "title": titles.get(str(doc.get("article_id", "")), ""),
                "quote": quote if isinstance(quote, str) else "",
                "note": doc.get("note", "") if isinstance(doc.get("note"), str) else "",
            }
        )
    return rows


def _elsewhere(store: AnnotationStore) -> int:
    """Deletions made in another copy of annotations this one never had (nothing to restore)."""
    with store.reading() as view:
        return len(view.deletions()) - len(view.tombstones())


def list_deleted(store: AnnotationStore, as_json: bool) -> None:
    """Print every deleted annotation, oldest deletion first."""
    rows = _rows(store)
    if as_json:
        write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", as_json=True)
        return
    elsewhere = _elsewhere(store)
    if elsewhere:
        say(
            f"{elsewhere} annotation{plural(elsewhere)} deleted in another copy of the library"
            " and never here (kept out of imports; nothing to restore)"
        )
    if not rows:
        say("no deleted annotations")
        return
    lines, shown = [], shown_ids([row["id"] for row in rows])
    width = max(map(len, shown.values()))  # (the columns after it stay aligned)
    for row in rows:
        words = " ".join((row["quote"] or row["note"]).split())
        words = words if len(words) <= 60 else words[:59] + "…"
        title = " ".join(row["title"].split())[:40]
        when = row["deleted"][:16].replace("T", " ")
        lines.append(f"{shown[row['id']]:<{width}}  {when}  {title}  “{words}”")
    write_stdout("\n".join(lines) + "\n")
    count = len(rows)
    say(
        f"{count} annotation{plural(count)} deleted;"
        " bring one back with `reader db deleted --restore ID`"
    )


def _matching(rows: list[dict[str, Any]], wanted: str) -> str:
    key = wanted.strip().removeprefix("^").removeprefix("hl-").removeprefix("urn:uuid:").lower()
    if len(key) < MIN_PREFIX:
        raise BadInput(f"--restore {wanted}: give at least {MIN_PREFIX} characters of the id")
    # A block id's digits are the id's without its dashes (`^hl-…` from a note works too).
    digits = key.replace("-", "")
    found: list[str] = [row["id"] for row in rows if _key(row["id"]).startswith(digits)]
    exact = [ident for ident in found if _key(ident) == digits]
    if len(exact) == 1:  # a whole id, though another id goes on from it
        return exact[0]
    if not found:
        raise BadInput(
            f"--restore {wanted}: no deleted annotation has this id (see `reader db deleted`)"
        )
    if len(found) > 1:
        raise BadInput(
            f"--restore {wanted}: {len(found)} deleted annotations have ids beginning so;"
            " give as much of the id as `reader db deleted` shows"
        )
    return found[0]


def restore_deleted(store: AnnotationStore, wanted: Sequence[str], every: bool) -> None:
    """Bring deleted annotations back as they were, in one write."""
    rows = _rows(store)
    ids = [row["id"] for row in rows] if every else [_matching(rows, one) for one in wanted]
    if not ids:
        say("no deleted annotations to bring back")
        return
    restored = 0
    with store.writing() as tx:
        for annotation_id in dict.fromkeys(ids):
            restored += tx.restore(annotation_id) is not None
    say(f"brought back {restored} annotation{plural(restored)}")
