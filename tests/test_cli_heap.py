"""The app's threads share one malloc heap, set before the app starts them."""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from reader.cli import cli, heap


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="only glibc has the setting",
)
def test_glibc_is_asked_for_one_arena() -> None:
    """On glibc the setting is taken (mallopt answers 1)."""
    assert heap.share_one_heap() is True


def test_a_c_library_without_the_setting_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """No C library to load, or one without mallopt (musl): nothing is asked, nothing fails."""
    import ctypes

    monkeypatch.setattr(ctypes, "CDLL", lambda name: object())
    assert heap.share_one_heap() is False

    def missing(name: object) -> object:
        raise OSError("no C library")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert heap.share_one_heap() is False
    monkeypatch.setattr(sys, "platform", "darwin")
    assert heap.share_one_heap() is False


def test_the_heap_is_shared_before_the_app_runs(
    opened: list[Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the app asks for one heap first (the app's threads start when it runs)."""
    events: list[str] = []

    def share() -> bool:
        events.append("heap")
        return True

    monkeypatch.setattr(heap, "share_one_heap", share)
    from reader.ui.app import ReaderApp

    recording_run = ReaderApp.run

    def run(self: ReaderApp) -> None:
        events.append("run")
        recording_run(self)

    monkeypatch.setattr(ReaderApp, "run", run)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "db.json")], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert events == ["heap", "run"] and len(opened) == 1
