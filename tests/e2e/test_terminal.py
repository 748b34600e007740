"""End to end: the installed program in a real pseudo-terminal, read back through a terminal emulator.

The wheel is built from this checkout and installed into a fresh virtual environment; `reader`
then runs in a 120×40 pseudo-terminal and pyte turns what it writes into the screen a person
would see.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pyte
import pytest

ROOT = Path(__file__).resolve().parents[2]
COLUMNS, LINES = 120, 40
KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "ctrl+s": b"\x13",
    "ctrl+q": b"\x11",
    "ctrl+f": b"\x06",
}


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


class Terminal:
    """A program running in a pseudo-terminal, and the screen it has drawn so far."""

    def __init__(self, command: list[str], environment: dict[str, str]) -> None:
        self.leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            command,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=environment,
            close_fds=True,
        )
        os.close(follower)
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""

    def read(self, seconds: float = 0.05) -> None:
        """Take in whatever the program wrote in the next `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.leader], [], [], left)[0]:
                return
            try:
                chunk = os.read(self.leader, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.raw += chunk
            self.stream.feed(chunk)

    @property
    def text(self) -> str:
        """The screen as lines of text."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, *wanted: str, timeout: float = 20.0) -> None:
        """Wait until every string is on screen; fail with the screen shown if one is not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.1)
            if all(item in self.text for item in wanted):
                return
            if self.process.poll() is not None:
                break
        missing = [item for item in wanted if item not in self.text]
        pytest.fail(f"not on screen: {missing!r}; the screen was:\n{self.text}")

    def press(self, *keys: str) -> None:
        """Type keys: names from KEYS, or text typed as it is."""
        for key in keys:
            os.write(self.leader, KEYS.get(key, key.encode()))
            # A bare escape needs a pause: Textual waits to see whether a sequence follows.
            self.read(0.3 if key == "escape" else 0.08)

    def quit(self) -> int:
        """Press q and wait for the program to end; returns its exit status."""
        self.press("q")
        deadline = time.monotonic() + 20
        while self.process.poll() is None and time.monotonic() < deadline:
            self.read(0.1)
        if self.process.poll() is None:
            self.process.kill()
            pytest.fail(f"the program did not quit; the screen was:\n{self.text}")
        os.close(self.leader)
        return self.process.returncode

    def close(self) -> None:
        """End the program if it still runs."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
            os.close(self.leader)


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
