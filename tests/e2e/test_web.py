"""End to end: a feed reader hands `reader` a link (newsboat's `browser "reader %u"`), the
page is fetched from a local server, read, highlighted, and kept in the library."""

from __future__ import annotations

import http.server
import json
import shlex
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import ROOT, Terminal

PAGE = (ROOT / "sample_articles" / "night-trains.html").read_bytes()


@pytest.fixture
def site() -> Iterator[str]:
    """A web server on 127.0.0.1 serving one article, for as long as the test runs."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/2026/night-trains?utm_source=feed"
    server.shutdown()
    server.server_close()


def test_a_link_from_a_feed_reader_is_saved_read_and_listed(
    installed: Path,
    environment: dict[str, str],
    tmp_path: Path,
    terminals: list[Terminal],
    site: str,
) -> None:
    database = tmp_path / "annotations.json"
    # What newsboat runs for `browser "reader --db … %u"`: the command, through a shell.
    browser = f"{shlex.quote(str(installed))} --db {shlex.quote(str(database))} %u"
    command = ["/bin/sh", "-c", browser.replace("%u", shlex.quote(site))]
    terminal = Terminal(command, environment)
    terminals.append(terminal)
    terminal.wait_for("The Quiet Return of the Night Train", "Highlights")
    terminal.press("}", "h")
    terminal.wait_for("Highlights 1")
    assert terminal.quit() == 0
    listed = subprocess.run(
        [str(installed), "list", "--json", "--db", str(database)],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert listed.returncode == 0, listed.stderr
    [row] = json.loads(listed.stdout)
    assert row["title"] == "The Quiet Return of the Night Train" and row["highlights"] == 1
    assert "/reader/library/web-" in row["path"]  # in the library folder, named by address
    exported = subprocess.run(
        [str(installed), "export", "--format", "json", "--db", str(database)],
        capture_output=True,
        text=True,
        env=environment,
    )
    [item] = json.loads(exported.stdout)["first"]["items"]
    assert item["target"]["source"] == site.split("?")[0]  # the page's address, untracked
