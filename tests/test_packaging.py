"""The wheel carries the styles and the sample articles, and finds them when installed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def wheel(built_wheel: Path) -> Path:
    """The wheel built once for the whole test run."""
    return built_wheel


def test_wheel_contains_styles_and_samples(wheel: Path) -> None:
    """Every TCSS file and every sample article is inside the package in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "styles").glob("*.tcss"):
        assert f"reader/styles/{path.name}" in names
    samples = sorted(path.name for path in (ROOT / "sample_articles").iterdir())
    assert len(samples) == 4
    for name in samples:
        assert f"reader/sample_articles/{name}" in names
    assert "reader/core/export/templates/note.md.jinja" in names  # the built-in note layout
    assert not any(name.startswith(("tests/", "styles/", "sample_articles/")) for name in names)


def test_installed_wheel_finds_its_own_files(wheel: Path, tmp_path: Path) -> None:
    """From an unpacked wheel (as installed), styles and samples resolve inside the package."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from reader.paths import styles_dir, sample_articles_dir\n"
        "from reader.core.library import expand_paths\n"
        "print(styles_dir()); print(sample_articles_dir()); print(len(expand_paths([sample_articles_dir()])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    styles, samples, count = result.stdout.split()
    assert (
        Path(styles) == site / "reader" / "styles"
        and Path(samples) == site / "reader" / "sample_articles"
    )
    assert count == "4"
