"""Changes that cannot be saved survive a closed terminal: written to a file at once, named."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal
from tests.e2e.test_terminal import ARTICLE


@pytest.mark.parametrize("number", [signal.SIGHUP, signal.SIGTERM])
def test_a_failing_save_is_kept_in_a_file_and_a_hangup_loses_nothing(
    installed: Path,
    environment: dict[str, str],
    tmp_path: Path,
    terminals: list[Terminal],
    number: signal.Signals,
) -> None:
    """With the database unwritable, a highlight is written to a recovery file as soon as the
    save fails, the toast says where, and closing the terminal (or a kill) keeps it."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    database = tmp_path / "db.json"
    terminal = Terminal([str(installed), "--db", str(database), str(article)], environment)
    terminals.append(terminal)
    terminal.wait_for("Highlights")
    lock = tmp_path / "db.json.lock"
    if lock.exists():
        lock.unlink()
    lock.mkdir()  # from now on every write fails
    terminal.press("}", "h")
    terminal.wait_for("Could not save", timeout=15)
    [recovery] = tmp_path.glob("reader-unsaved-*.json")
    items = json.loads(recovery.read_text())["first"]["items"]
    assert len(items) == 1  # on disk before the program ends
    terminal.read(0.5)
    assert "reader-unsaved-" in terminal.text.replace("\n", "")
    os.kill(terminal.process.pid, number)
    deadline = time.monotonic() + 20
    while terminal.process.poll() is None and time.monotonic() < deadline:
        terminal.read(0.1)
    assert terminal.process.poll() is not None, "the program did not end"
    lock.rmdir()
    restored = subprocess.run(
        [str(installed), "import", str(recovery), "--db", str(database)],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert restored.returncode == 0, restored.stderr
    exported = subprocess.run(
        [str(installed), "export", "--format", "json", "--db", str(database)],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert len(json.loads(exported.stdout)["first"]["items"]) == 1
