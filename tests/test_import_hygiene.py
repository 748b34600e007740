"""The core never imports Textual or Rich; commands other than opening never load Textual."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import reader

ROOT = Path(reader.__file__).resolve().parent
CORE_MODULES = sorted(
    "reader." + ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in (ROOT / "core").rglob("*.py")
)


def _modules_after(code: str, tmp_path: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "READER_DB": str(tmp_path / "db.json")},
    )
    assert result.returncode == 0, result.stderr
    return {line.split(".")[0] for line in result.stdout.splitlines()}


def test_core_never_imports_textual_or_rich(tmp_path: Path) -> None:
    """Importing every core module and loading every format pulls in neither Textual nor Rich."""
    code = "\n".join(f"import {module}" for module in CORE_MODULES)
    code += "\nfrom reader.core.articles import parse_article"
    code += "\nfor kind in ('text', 'markdown', 'html'): parse_article(b'<h1>T</h1>\\n\\nbody text', kind)"
    loaded = _modules_after(code, tmp_path)
    assert "reader" in loaded and len(CORE_MODULES) > 8
    assert not loaded & {"textual", "rich"}


def test_export_and_other_commands_do_not_load_textual(tmp_path: Path) -> None:
    """`reader export` and the other script commands start without Textual."""
    for command in (["export"], ["list"], ["tags"], ["search", "x"], ["db", "path"], ["--help"]):
        code = (
            "import sys\nfrom reader.cli import main\n"
            f"sys.argv = ['reader', *{command!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass"
        )
        assert "textual" not in _modules_after(code, tmp_path), command


def test_import_contract_holds() -> None:
    """import-linter's contract (pyproject.toml) passes: reader.core imports no UI."""
    lint_imports = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run([lint_imports], capture_output=True, text=True, cwd=ROOT.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " kept, 0 broken" in result.stdout


def test_opening_an_article_loads_no_export_or_import_machinery(tmp_path: Path) -> None:
    """What the first frame needs is loaded before it; the commands, the Markdown and W3C
    codecs and the template engine wait until they are used."""
    code = (
        "import sys\nfrom reader.cli import main\n"
        "import reader.ui.app, reader.ui.screens.reader_screen, reader.ui.screens.library_screen\n"
        "from reader.core.library import Library\n"
        "import reader.cli.opening\n"
        "reader.cli.opening.terminal_problem = lambda: None  # as in a terminal\n"
        "sys.argv = ['reader', 'no-such-article.md']  # the open command, to its one-line error\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        env={**os.environ, "READER_DB": str(tmp_path / "db.json")},
    )
    assert "no-such-article.md: no such file" in result.stderr
    loaded = set(result.stdout.splitlines())
    waiting = {
        "jinja2",
        "reader.core.export",
        "reader.core.library.exporting",
        "reader.core.library.importing",
        "reader.cli.export",
        "reader.cli.importing",
        "reader.cli.listing",
        "reader.cli.db",
    }
    assert "reader.ui.app" in loaded
    assert not loaded & waiting, sorted(loaded & waiting)
