"""`reader add` and `reader URL`: pages saved from a local server, files copied in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from reader.cli import cli
from reader.core.store import AnnotationStore
from reader.paths import sample_articles_dir

ARTICLE = (sample_articles_dir() / "night-trains.html").read_bytes()


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def _config(tmp_path: Path) -> Path:
    config = tmp_path / "config.toml"
    config.write_text(f'library_folder = "{tmp_path / "lib"}"\n')
    return config


def test_add_saves_pages_and_files_with_a_line_each(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/trains").respond_with_data(ARTICLE, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    essay = tmp_path / "essay.md"
    essay.write_text("---\ntitle: An essay\n---\n\nWords worth keeping for a long while.\n")
    db, config = tmp_path / "db.json", _config(tmp_path)
    url = httpserver.url_for("/trains")
    result = run(
        "add",
        url,
        str(essay),
        httpserver.url_for("/gone"),
        "--db",
        str(db),
        "--config",
        str(config),
    )
    lines = [line for line in result.stderr.splitlines() if " fetching " not in line]
    assert result.exit_code == 1
    assert lines[0].startswith("1/3 saved “The Quiet Return of the Night Train” → ")
    assert lines[1].startswith("2/3 copied “An essay” → " + str(tmp_path / "lib" / "files"))
    assert (
        lines[2]
        == f"reader: 3/3 not saved: {httpserver.url_for('/gone')}: is not there (404 Not Found)"
    )
    assert lines[3] == "reader: 1 of 3 could not be saved (said above)"
    again = run(
        "add", "-", "--db", str(db), "--config", str(config), stdin=f"# my list\n\n{url}#top\n"
    )
    assert again.exit_code == 0
    assert "1 already saved “The Quiet Return of the Night Train”" in again.stderr
    titles = sorted(record.title for record in AnnotationStore.open(db).articles())
    assert titles == ["An essay", "The Quiet Return of the Night Train"]


def test_reader_url_saves_the_page_and_opens_it(
    opened: list[Any], httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/trains").respond_with_data(ARTICLE, content_type="text/html")
    db, config = tmp_path / "db.json", _config(tmp_path)
    result = run(httpserver.url_for("/trains"), "--db", str(db), "--config", str(config))
    assert result.exit_code == 0, result.stderr
    [app] = opened
    [article] = app.articles
    assert article.title == "The Quiet Return of the Night Train"
    assert article.source == httpserver.url_for("/trains")
    assert article.path is not None and article.path.is_relative_to(tmp_path / "lib")
    # Afterwards, `reader` alone opens the library: what was saved, no longer the samples.
    opened.clear()
    run("--db", str(db), "--config", str(config))
    [library] = opened
    assert [entry.title for entry in library.entries] == ["The Quiet Return of the Night Train"]


def test_a_failed_fetch_opens_nothing(
    opened: list[Any], httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/paper.pdf").respond_with_data(
        b"%PDF", content_type="application/pdf"
    )
    db, config = tmp_path / "db.json", _config(tmp_path)
    result = run(httpserver.url_for("/paper.pdf"), "--db", str(db), "--config", str(config))
    assert result.exit_code == 1 and opened == []
    assert result.stderr.splitlines()[-1].endswith("is a PDF; reader cannot read PDFs yet")
    assert not (tmp_path / "lib").exists()


def test_a_page_with_no_article_is_saved_whole_only_when_asked(
    opened: list[Any], httpserver: HTTPServer, tmp_path: Path
) -> None:
    menu = "<html><body><nav><a href='/a'>Home</a> <a href='/b'>About</a></nav></body></html>"
    httpserver.expect_request("/menu").respond_with_data(menu, content_type="text/html")
    db, config = tmp_path / "db.json", _config(tmp_path)
    url = httpserver.url_for("/menu")
    refused = run(url, "--db", str(db), "--config", str(config), stdin="n\n")
    assert refused.exit_code == 1 and opened == []
    assert (
        "no article found in the page. Save the whole page's text instead? [y/N]" in refused.stderr
    )
    kept = run(url, "--db", str(db), "--config", str(config), stdin="y\n")
    assert kept.exit_code == 0, kept.stderr
    [app] = opened
    assert "Home" in app.articles[0].text


def test_the_library_folder_is_what_reader_alone_opens_even_with_a_new_database(
    opened: list[Any], httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/trains").respond_with_data(ARTICLE, content_type="text/html")
    config = tmp_path / "config.toml"
    config.write_text('library_folder = "lib"\n')  # relative: beside the settings file
    run(
        "add",
        httpserver.url_for("/trains"),
        "--db",
        str(tmp_path / "a.json"),
        "--config",
        str(config),
    )
    assert (tmp_path / "lib").is_dir()
    (tmp_path / "lib" / ".stfolder").mkdir()  # a sync tool's marker is not an article
    run("--db", str(tmp_path / "new.json"), "--config", str(config))
    [app] = opened
    assert [entry.title for entry in app.entries] == ["The Quiet Return of the Night Train"]


def test_addresses_reader_cannot_fetch_are_one_line_and_the_rest_go_on(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/trains").respond_with_data(ARTICLE, content_type="text/html")
    db, config = tmp_path / "db.json", _config(tmp_path)
    given = "http://127.0.0.1:99999/\nftp://example.org/x\n" + httpserver.url_for("/trains") + "\n"
    result = run("add", "-", "--db", str(db), "--config", str(config), stdin=given)
    lines = [line for line in result.stderr.splitlines() if "fetching" not in line]
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert (
        lines[0]
        == "reader: 1 not saved: http://127.0.0.1:99999/: not a valid address (Port out of range 0-65535)"
    )
    assert (
        lines[1]
        == "reader: 2 not saved: ftp://example.org/x: only http:// and https:// addresses can be fetched"
    )
    assert lines[2].startswith("3 saved “The Quiet Return of the Night Train”")
    assert lines[3] == "reader: 2 of 3 could not be saved (said above)"
    alone = run("add", "http://[::1", "--db", str(db), "--config", str(config))
    assert (
        alone.exit_code == 1
        and alone.stderr.count("\n") == 1
        and "not a valid address" in alone.stderr
    )
