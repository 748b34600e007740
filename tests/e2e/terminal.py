"""A program in a pseudo-terminal, read through pyte: what a person would see, and the raw bytes."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time
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
