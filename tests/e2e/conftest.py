"""Fixtures of the end-to-end tests: the installed wheel, a clean environment, terminals."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import COLUMNS, LINES, Terminal


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> Path:
    """The `reader` script of a fresh virtual environment with the built wheel installed.

    The wheel is the one the packaging tests built (built once per run). Its dependencies are
    those of the environment running the tests, seen through a `.pth` file, so installing
    takes the wheel alone; `reader` itself is imported from the new environment.
    """
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--quiet", "--no-deps", str(built_wheel)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    [site_packages] = (venv / "lib").glob("python*/site-packages")
    dependencies = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages / "zz_test_dependencies.pth").write_text("\n".join(dependencies) + "\n")
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import reader; print(reader.__file__)"],
        capture_output=True,
        text=True,
        cwd=venv,  # not the checkout, whose reader/ would shadow the installed one
    )
    assert check.returncode == 0 and check.stdout.startswith(str(venv)), check.stdout + check.stderr
    return venv / "bin" / "reader"


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """A clean environment: its own home, data and config folders, a known terminal."""
    home = tmp_path / "home"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("READER_", "VISUAL", "EDITOR"))
    }
    environment.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES=str(LINES),
    )
    return environment


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    """Terminals opened by a test, all closed at its end."""
    opened: list[Terminal] = []
    yield opened
    for terminal in opened:
        terminal.close()
