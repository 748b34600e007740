"""A program run in a pseudo-terminal and timed as a person sees it: until bytes are drawn.

The terminal answers Textual's query for synchronized output, so each frame arrives between
`ESC[?2026h` and `ESC[?2026l`: a key's latency is the time from writing it to the end of the
last frame it caused, stalls from other threads included.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from pathlib import Path

from bench.common import process_environment

SIZE = (120, 40)
_QUERY = b"\x1b[?2026$p"
_SUPPORTED = b"\x1b[?2026;2$y"
FRAME_END = b"\x1b[?2026l"
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


class Terminal:
    """One program in a pseudo-terminal of `size` columns and rows."""

    def __init__(self, command: list[str], size: tuple[int, int] = SIZE) -> None:
        self.leader, follower = pty.openpty()
        self._resize(follower, size)
        environment = {**process_environment(), "TERM": "xterm-256color", "COLORTERM": ""}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=environment,
            close_fds=True,
            start_new_session=True,
        )
        os.close(follower)
        self.output = bytearray()
        self._answered = False

    @staticmethod
    def _resize(descriptor: int, size: tuple[int, int]) -> None:
        columns, rows = size
        fcntl.ioctl(descriptor, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))

    def _read(self, timeout: float) -> float | None:
        """Read what is there within `timeout`; the time it arrived, None if nothing did."""
        ready, _, _ = select.select([self.leader], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            chunk = os.read(self.leader, 1 << 16)
        except OSError:
            raise EOFError("the program ended") from None
        arrived = time.perf_counter()
        self.output.extend(chunk)
        if not self._answered and _QUERY in self.output:
            os.write(self.leader, _SUPPORTED)
            self._answered = True
        return arrived

    def text(self, start: int = 0) -> bytes:
        """What was drawn since byte `start`, with the escape sequences taken out."""
        return _ESCAPES.sub(b"", bytes(self.output[start:]))

    def wait_for(self, marker: bytes, timeout: float = 60.0) -> float:
        """Seconds since the start until `marker` had been drawn (escapes aside)."""
        deadline = time.perf_counter() + timeout
        checked = 0
        while True:
            if marker in self.text(max(0, checked - 4 * len(marker) - 256)):
                return time.perf_counter() - self.started
            checked = len(self.output)
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{marker!r} was not drawn within {timeout} s")
            self._read(0.05)

    def settle(self, quiet: float = 0.3, limit: float = 30.0) -> None:
        """Read until nothing has been drawn for `quiet` seconds."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline and self._read(quiet) is not None:
            pass

    def frames_after(self, send: bytes | None = None, quiet: float = 0.15) -> tuple[float, float]:
        """Seconds from now (after writing `send`) to the end of the first frame drawn, and to
        the end of the last one before the program went quiet for `quiet` seconds (a key's
        follow-up frames: the pane marking the highlight the cursor reached); 0 when none."""
        start = len(self.output)
        began = time.perf_counter()
        if send is not None:
            os.write(self.leader, send)
        first = last = 0.0
        while True:
            arrived = self._read(quiet)
            if arrived is None:
                return first, last
            if FRAME_END in self.output[start:]:
                last = arrived - began
                first = first or last
                start = len(self.output)

    def frame_with(self, send: bytes, marker: bytes, quiet: float = 0.2) -> tuple[float, float]:
        """Seconds from writing `send` to the end of the first frame holding `marker` (the
        last frame when none does), and to the end of the last frame before `quiet`."""
        start = frame_start = len(self.output)
        began = time.perf_counter()
        os.write(self.leader, send)
        marked = last = 0.0
        while True:
            arrived = self._read(quiet)
            if arrived is None:
                return marked or last, last
            if FRAME_END in self.output[frame_start:]:
                last = arrived - began
                if not marked and marker in self.output[start:]:
                    marked = last
                frame_start = len(self.output)

    def resize(self, size: tuple[int, int]) -> tuple[float, float]:
        """Resize the terminal (as a window manager does) and time the frames it causes: to
        the first, and to the last before the program went quiet."""
        self._resize(self.leader, size)
        # The program has no controlling terminal here (its own session), so the signal the
        # kernel would send a terminal's foreground programs is sent by hand.
        os.killpg(self.process.pid, signal.SIGWINCH)
        return self.frames_after(None, quiet=0.6)

    def peak_kilobytes(self) -> int:
        """The program's peak resident memory so far (VmHWM), 0 where /proc is missing."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def close(self) -> None:
        """End the program."""
        self.process.kill()
        self.process.wait()
        os.close(self.leader)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
