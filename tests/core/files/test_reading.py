"""Reading only regular files, never past a limit: FIFOs and devices never hang or fill memory."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from reader.core.articles import ArticleError, load_article
from reader.core.files import FileTooLarge, NotRegularFile, read_regular_file


def test_a_fifo_as_an_article_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO named as an article is refused with a clear reason instead of blocking forever."""
    fifo = tmp_path / "article.txt"
    os.mkfifo(fifo)
    done = threading.Event()
    errors: list[str] = []

    def load() -> None:
        try:
            load_article(fifo)
        except ArticleError as error:
            errors.append(str(error))
        done.set()

    threading.Thread(target=load, daemon=True).start()
    assert done.wait(5), "loading a FIFO blocked"
    assert errors and "FIFO" in errors[0] and "not an article file" in errors[0]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device: str) -> None:
    """/dev/zero and /dev/urandom would be read until memory runs out: they are refused."""
    with pytest.raises(ArticleError, match="is a device"):
        load_article(device)


def test_reading_stops_at_the_limit(tmp_path: Path) -> None:
    """A file over the limit is refused; one at the limit is read whole."""
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 100)
    assert read_regular_file(path, 100) == b"x" * 100
    with pytest.raises(FileTooLarge):
        read_regular_file(path, 99)
    with pytest.raises(NotRegularFile):
        read_regular_file(tmp_path, 10)
