"""Every way hostile text can reach the screen, fed through the installed program in a pty:
the raw bytes it writes never hold an escape sequence or control from the data."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.terminal import Terminal
from tests.e2e.test_terminal import ARTICLE

# One payload of each kind the security review used; each is in a note, a quote, a title,
# a tag and a file name below.
PAYLOADS = {
    "OSC 52 clipboard": "\x1b]52;c;UFdORUQ=\x1b\\",
    "OSC 8 link": "\x1b]8;;http://evil.invalid/\x1b\\x\x1b]8;;\x1b\\",
    "OSC 0 title": "\x1b]0;pwned-title\x07",
    "cursor query": "\x1b[6n",
    "C1 CSI": "\x9b6n",
    "C1 OSC": "\x9d0;pwned\x9c",
    "bidi override": "\u202e",
    "DEL and BS": "\x7f\x08",
}
EVIL = "".join(PAYLOADS.values())
IN_NAMES = EVIL.replace("/", "_")
"""The payloads as they can be in a file name."""
# What must never appear in what the program writes (Textual writes none of these itself).
# The printable rest of a defused sequence ("]0;pwned-title") may show: it is only text.
FORBIDDEN = {
    "OSC 52 clipboard": b"\x1b]52",
    "OSC 8 link": b"\x1b]8;;http://evil",
    "OSC 0 title": b"\x1b]0;pwned",
    "cursor query": b"\x1b[6n",
    "C1 CSI": "\x9b".encode(),
    "C1 OSC": "\x9d".encode(),
    "bidi override": "\u202e".encode(),
    "DEL": b"\x7f",
    "BS": b"\x08",
}
SENTENCE = "Three were released from custody and one was still in custody."


def _clean(raw: bytes, where: str) -> None:
    leaked = [name for name, marker in FORBIDDEN.items() if marker in raw]
    assert not leaked, f"{where}: {leaked} reached the terminal"


def _collection(article: Path) -> dict[str, object]:
    def item(number: int, quote: str, source: str, title: str) -> dict[str, object]:
        return {
            "type": "Annotation",
            "id": f"urn:uuid:00000000-0000-4000-8000-00000000000{number}",
            "created": "2026-01-01T00:00:00Z",
            "body": [
                {"type": "TextualBody", "purpose": "commenting", "value": f"note {EVIL} end"},
                {"type": "TextualBody", "purpose": "tagging", "value": f"tag{EVIL}"},
            ],
            "target": {
                "source": source,
                "selector": [{"type": "TextQuoteSelector", "exact": quote}],
            },
            "reader:articleTitle": title,
        }

    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {
            "type": "AnnotationPage",
            "items": [
                item(1, SENTENCE, article.as_uri(), "on the article"),
                item(2, f"a quote cut from the article {EVIL}", article.as_uri(), "orphan"),
                item(3, f"gone {EVIL}", "file:///nowhere/gone.txt", f"Gone {EVIL} article"),
            ],
        },
    }


def test_no_payload_reaches_the_terminal_from_any_surface(
    installed: Path, environment: dict[str, str], tmp_path: Path, terminals: list[Terminal]
) -> None:
    """File names in the library, imported notes, quotes, tags and titles in the pane, the note
    dialog, library search and the missing-article screen, a toast naming a folder, and
    `list`, `tags`, `search`, `export`, `export --format json` and an error line in a pty."""
    folder = tmp_path / "library"
    folder.mkdir()
    article = folder / f"denver{IN_NAMES}.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    database = tmp_path / "db.json"
    config = tmp_path / "config.toml"
    notes = str(tmp_path / f"notes{PAYLOADS['OSC 0 title']}").replace("\x1b", "\\u001b")
    config.write_text(f'export_folder = "{notes.replace(chr(7), chr(92) + "u0007")}"\n')
    base = [str(installed), "--db", str(database), "--config", str(config)]

    def run(*arguments: str, wait: str = "") -> Terminal:
        terminal = Terminal([*base, *arguments], environment)
        terminals.append(terminal)
        if wait:
            terminal.wait_for(wait)
        return terminal

    library = run(str(folder), wait="Denver officials")  # the library: the file name shown
    library.read(0.5)
    _clean(library.raw, "library (file names)")
    assert library.quit() == 0

    imports = tmp_path / f"import{IN_NAMES}.json"
    imports.write_text(json.dumps(_collection(article)), encoding="utf-8")
    importing = run("import", str(imports))
    importing.read(3)
    _clean(importing.raw, "reader import")

    reading = run(str(article), wait="Highlights 1 · orphaned 1")
    reading.wait_for("#tag52c", "a quote cut from the article")  # the pane shows the data
    reading.press("G", "[")  # onto the imported highlight
    reading.press("a")
    reading.wait_for("Note ·", "]52;c;UFdORUQ")  # the note dialog
    reading.press("escape")
    reading.press("E")  # the export toast names the folder
    reading.wait_for("Exported")
    reading.press("ctrl+f", *"note")
    reading.wait_for("3 matches")  # library search, with the missing article's title
    reading.press("escape")
    _clean(reading.raw, "reading screen, note dialog, toast, library search")
    assert reading.quit() == 0

    known = run(str(folder), wait="Gone")
    known.press("/", *"Gone", "enter", "enter")
    known.wait_for("is gone; its annotations are kept", "gone ]52;c;")  # the missing article
    _clean(known.raw, "library and missing-article screen")
    assert known.quit() == 0

    for command in (
        ["list"],
        ["tags"],
        ["search", "note"],
        ["export"],
        ["export", "--format", "json"],
        [str(tmp_path / f"no-such{IN_NAMES}.txt")],
    ):
        terminal = run(*command)
        terminal.read(3)
        # The data is shown (a tag keeps only what Obsidian takes: the payload's letters).
        shown = (b"]52;c;", b"no such", b"tag52cUFdORUQ")
        assert any(part in terminal.raw for part in shown), command
        _clean(terminal.raw, " ".join(command))
