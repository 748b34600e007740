"""The database survives writers killed mid-save, and two writers at once lose nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.core.anchoring import Target, TextPositionSelector, TextQuoteSelector
from reader.core.annotations import Annotation
from reader.core.store import AnnotationStore, all_backups, parse_database

KILLS = 200
PRELOAD = 1500  # a database of about a megabyte, so that saves take long enough to be interrupted


def _annotation(key: str) -> Annotation:
    quote = f"quote number {key} " * 3
    return Annotation(
        id=key,
        article_id="article",
        target=Target(
            TextQuoteSelector(quote, "before " * 4, "after " * 4),
            TextPositionSelector(0, len(quote)),
        ),
        note="A note long enough to make the file sizeable. " * 4,
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-01T00:00:00.000Z",
    )


def _ids_on_disk(db_path: Path) -> set[str]:
    """What a fresh copy of reader finds in the database file and its journal."""
    return {annotation.id for annotation in AnnotationStore.open(db_path).annotations()}


def test_sigkill_during_saves_leaves_old_or_new_state(db_path: Path) -> None:
    """A writer killed at random moments (appending to the journal, compacting it into the
    file, rotating the backups as an import does) leaves a database holding a whole number of
    writes, and every backup readable."""
    store = AnnotationStore.open(db_path)
    with store.writing() as tx:
        for number in range(PRELOAD):
            tx.put(_annotation(f"{number:06d}"))
    written = PRELOAD
    rng = random.Random(20261122)
    interrupted = 0
    for _ in range(KILLS):
        pid = os.fork()
        if pid == 0:  # the writer: keeps adding one annotation per save until killed
            try:
                child = AnnotationStore.open(db_path)
                child.compact_at_bytes = 20_000  # a compaction every few dozen saves
                number = written
                while True:
                    with child.writing(force_backup=number % 9 == 0) as tx:
                        tx.put(_annotation(f"{number:06d}"))
                    number += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.04))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        ids = _ids_on_disk(db_path)  # raises if the file is not valid JSON
        count = len(ids)
        assert ids == {f"{number:06d}" for number in range(count)}, "not a whole number of writes"
        assert count >= written, "a committed write was lost"
        for backup in all_backups(db_path):
            backup_ids = set(parse_database(backup.read_bytes()).get("annotations", {}))
            assert backup_ids == {f"{number:06d}" for number in range(len(backup_ids))}
        interrupted += any(db_path.parent.glob(f".{db_path.name}*.tmp"))
        written = count
    assert written > PRELOAD
    assert interrupted > 0, "no kill landed during a compaction: the test proved nothing"
    store.compact()  # the next compaction clears what killed writers left behind
    assert not list(db_path.parent.glob(f".{db_path.name}*.tmp"))
    assert _ids_on_disk(db_path) == {f"{number:06d}" for number in range(written)}


WRITER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from tests.core.store.test_durability import _annotation
from reader.core.store import AnnotationStore
store = AnnotationStore.open(Path(sys.argv[1]))
store.compact_at_bytes = 30_000  # compactions run while the other copy writes
for number in range(300):
    store.add(_annotation(f"{sys.argv[2]}-{number:03d}"))
"""


def test_two_processes_writing_at_once_lose_nothing(db_path: Path) -> None:
    """Two copies writing 300 annotations each into one database, each compacting the journal
    every few dozen saves, end with all 600."""
    root = str(Path(__file__).resolve().parents[3])
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(db_path), name, root])
        for name in ("left", "right")
    ]
    for writer in writers:
        assert writer.wait(timeout=300) == 0
    ids = _ids_on_disk(db_path)
    assert len(ids) == 600
    assert {key.split("-")[0] for key in ids} == {"left", "right"}
    assert json.loads(db_path.read_text())["meta"]["schema"]["version"] >= 1
