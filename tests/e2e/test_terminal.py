"""End to end: the installed program in a real pseudo-terminal, read back through a terminal emulator.

The wheel is built from this checkout and installed into a fresh virtual environment; `reader`
then runs in a 120×40 pseudo-terminal and pyte turns what it writes into the screen a person
would see.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.terminal import ROOT, Terminal

ARTICLE = (ROOT / "sample_articles" / "denver-ice-ap.txt").read_text(encoding="utf-8")
SECOND_PARAGRAPH_FIRST_SENTENCE = "FILE – In this Feb. 26, 2018 file photo"
CAPTION_SECOND = "U.S. Immigration and Customs Enforcement has subpoenaed"


def test_annotate_quit_reopen_export(
    installed: Path, environment: dict[str, str], tmp_path: Path, terminals: list[Terminal]
) -> None:
    """Highlight a sentence, write a note, add two tags, colour it green; it is all there after a restart and in the export."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    database = tmp_path / "annotations.json"
    command = [str(installed), "--db", str(database), str(article)]

    first = Terminal(command, environment)
    terminals.append(first)
    first.wait_for("Denver officials", "Highlights")
    first.press("}", ")", "h")
    first.wait_for("Highlights 1")
    first.press("a")
    first.wait_for("Note ·")
    first.press("Checked: the caption, not the story.", "ctrl+s")
    first.wait_for("Checked: the caption")
    first.press("t")
    first.wait_for("Tags ·")
    first.press("photo, boilerplate", "enter")
    first.wait_for("#photo #boilerplate")
    first.press("2")
    first.wait_for("green")
    assert first.quit() == 0

    again = Terminal(command, environment)
    terminals.append(again)
    again.wait_for(
        "Highlights 1", "green", "Checked: the caption", "#photo #boilerplate", "“U.S. Immigration"
    )
    assert again.quit() == 0

    exported = subprocess.run(
        [str(installed), "export", "--db", str(database)],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert exported.returncode == 0, exported.stderr
    assert f"> {CAPTION_SECOND}" in exported.stdout
    assert "Checked: the caption, not the story." in exported.stdout
    assert "**green** · #photo #boilerplate" in exported.stdout


HOSTILE = (
    "Hostile [bold]title[/bold]\n\n"
    "Click [@click=app.quit]quit[/] or [link=file:///etc/passwd]here[/] or a stray [/ bracket.\n\n"
    "Escapes: \x1b[5;31;47mBLINK\x1b[0m and \x1b]0;pwned-title\x07 and \x1b[2J cleared? and \x9b31m.\n\n"
    "Bidi: abc\u202eevil\u202c def \u2066isolate\u2069.\n\n"
    "Wide: 漢字かな交じり文 and emoji 🎉🚀 side by side.\n\n"
    "Noise: " + "".join(chr(33 + (i * 7919) % 94) for i in range(400)) + "\n\n"
    "Long: " + "word " * 1500 + "\n"
)


def test_hostile_text_is_shown_and_never_reaches_the_terminal_raw(
    installed: Path, environment: dict[str, str], tmp_path: Path, terminals: list[Terminal]
) -> None:
    """Markup, escape sequences, bidi controls, noise, long lines and wide characters: shown as text, never run."""
    article = tmp_path / "hostile.txt"
    article.write_text(HOSTILE, encoding="utf-8")
    terminal = Terminal(
        [str(installed), "--db", str(tmp_path / "db.json"), str(article)], environment
    )
    terminals.append(terminal)
    terminal.wait_for("Hostile [bold]title[/bold]", "[@click=app.quit]quit[/]", "漢字かな交じり文")
    terminal.press("}", "}", "}", "G", "g", "j", "j")
    terminal.read(0.5)
    assert terminal.process.poll() is None, "the program stopped"
    for sequence in (
        b"\x1b[5;31;47m",
        b"\x1b]0;pwned",
        b"\x9b31m",
        "\u202e".encode(),
        "\u2066".encode(),
    ):
        assert sequence not in terminal.raw, f"{sequence!r} from the article reached the terminal"
    assert "BLINK" in terminal.text or "Escapes:" in terminal.text
    assert terminal.quit() == 0


def test_two_copies_at_once_lose_nothing(
    installed: Path, environment: dict[str, str], tmp_path: Path, terminals: list[Terminal]
) -> None:
    """Two running copies annotate the same article in the same database; every highlight is kept."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    database = tmp_path / "shared.json"
    command = [str(installed), "--db", str(database), str(article)]
    left, right = Terminal(command, environment), Terminal(command, environment)
    terminals.extend([left, right])
    left.wait_for("Highlights")
    right.wait_for("Highlights")
    for _ in range(3):
        left.press("}", "h")
        right.press("}", "}", "}", "}", ")", "h")
    # Each copy shows the other's highlights too, within a couple of seconds.
    left.wait_for("Highlights 6", timeout=15)
    right.wait_for("Highlights 6", timeout=15)
    assert left.quit() == 0 and right.quit() == 0
    exported = subprocess.run(
        [str(installed), "export", "--format", "json", "--db", str(database)],
        capture_output=True,
        text=True,
        env=environment,
    )
    items = json.loads(exported.stdout)["first"]["items"]
    assert len(items) == 6, [item["target"]["selector"][0]["exact"][:30] for item in items]
