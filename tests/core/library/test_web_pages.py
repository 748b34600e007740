"""Saving web pages and files into the library folder, from a local server."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from reader.core.anchoring import AnchorStatus
from reader.core.annotations import AnnotationSession, Change
from reader.core.articles import Article
from reader.core.library import Library
from reader.core.library.web_pages import NoArticleFound, save_file, save_page
from reader.core.store import AnnotationStore
from reader.core.web import FetchError
from reader.paths import sample_articles_dir

ARTICLE = (sample_articles_dir() / "night-trains.html").read_bytes()


def _serve(httpserver: HTTPServer, body: bytes = ARTICLE) -> str:
    """Serve `body` as the HTML page /trains; its address."""
    httpserver.expect_request("/trains").respond_with_data(body, content_type="text/html")
    return httpserver.url_for("/trains")


def _highlight(store: AnnotationStore, article: Article, start: int, end: int) -> None:
    """Highlight `[start, end)` of the article and save it, as the app would."""
    change = AnnotationSession(article).highlight(start, end)
    assert isinstance(change, Change)
    with store.writing() as tx:
        tx.apply(change)


def test_a_page_is_saved_once_and_read_offline_with_its_address(
    httpserver: HTTPServer, store: AnnotationStore, tmp_path: Path
) -> None:
    library = Library(store)
    url = _serve(httpserver)
    saved = save_page(library, tmp_path / "lib", url + "?utm_source=feed#top")
    assert saved.outcome == "saved" and saved.path.name == "page.html"
    assert saved.path.parent.name.startswith("web-") and "trains" not in str(saved.path)
    assert saved.article.title == "The Quiet Return of the Night Train"
    import json

    meta = json.loads((saved.path.parent / "meta.json").read_text())
    assert meta["title"] == saved.article.title and meta["url"].endswith("#top")
    assert meta["final_url"] == url + "?utm_source=feed#top"
    assert saved.article.source == url  # no tracking, no fragment (the page names no other)
    httpserver.clear()  # the page is gone from the web: the snapshot is what is read
    again = save_page(library, tmp_path / "lib", url)
    assert again.outcome == "already saved" and again.article.id == saved.article.id
    assert [record.id for record in store.articles()] == [saved.article.id]


def test_a_refresh_keeps_the_old_page_and_the_highlights_follow(
    httpserver: HTTPServer, store: AnnotationStore, tmp_path: Path
) -> None:

    library = Library(store)
    url = _serve(httpserver)
    saved = save_page(library, tmp_path / "lib", url)
    text = saved.article.text
    sentence = "The sleeper trains are back"
    start = text.index(sentence) if sentence in text else text.index(text.split()[5])
    _highlight(store, saved.article, start, start + 20)
    edited = ARTICLE.replace(b"<body>", b"<body><p>Updated: a note from the editors.</p>", 1)
    httpserver.clear()
    _serve(httpserver, edited)
    refreshed = save_page(library, tmp_path / "lib", url, refresh=True)
    assert refreshed.outcome == "refreshed" and refreshed.path == saved.path
    assert [p.name for p in (saved.path.parent / "earlier").iterdir()] != []
    placed = library.anchored(library.open(refreshed.path))
    [annotation] = placed.annotations
    assert annotation.status in (AnchorStatus.EXACT, AnchorStatus.MOVED)


def test_failures_save_nothing(
    httpserver: HTTPServer, store: AnnotationStore, tmp_path: Path
) -> None:
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    httpserver.expect_request("/menu").respond_with_data(
        "<html><body><nav><a href='/a'>Home</a> <a href='/b'>About</a></nav></body></html>",
        content_type="text/html",
    )
    library = Library(store)
    with pytest.raises(FetchError, match="404"):
        save_page(library, tmp_path / "lib", httpserver.url_for("/gone"))
    with pytest.raises(NoArticleFound, match="--whole-page"):
        save_page(library, tmp_path / "lib", httpserver.url_for("/menu"))
    assert not (tmp_path / "lib").exists() and store.articles() == []
    whole = save_page(library, tmp_path / "lib", httpserver.url_for("/menu"), whole_page=True)
    assert "Home" in whole.article.text


def test_a_file_is_copied_in_and_its_annotations_follow_it(
    store: AnnotationStore, tmp_path: Path
) -> None:

    download = tmp_path / "Downloads" / "trains.html"
    download.parent.mkdir()
    download.write_bytes(ARTICLE)
    library = Library(store)
    article = library.open(download)
    _highlight(store, article, 0, 10)
    saved = save_file(library, tmp_path / "lib", download)
    assert saved.outcome == "copied"
    assert saved.path == tmp_path / "lib" / "files" / article.id / "trains.html"
    download.unlink()
    [record] = store.articles()
    assert record.id == article.id and len(store.annotations(article.id)) == 1
    assert library.locate(record) == saved.path


def test_a_saved_pages_annotations_export_with_its_address(
    httpserver: HTTPServer, store: AnnotationStore, tmp_path: Path
) -> None:
    from reader.core.export import to_collection, to_markdown

    library = Library(store)
    url = _serve(httpserver)
    saved = save_page(library, tmp_path / "lib", url)
    _highlight(store, saved.article, 0, 12)
    [group] = library.collect()
    [item] = to_collection([group])["first"]["items"]
    assert item["target"]["source"] == url
    assert f'source: "{url}"' in to_markdown(group, "2026-01-01T00:00:00.000Z")


def test_a_file_name_is_made_safe_and_only_article_files_are_copied(
    store: AnnotationStore, tmp_path: Path
) -> None:
    from reader.core.articles import ArticleError

    odd = tmp_path / "x$(id)\nname.html"
    odd.write_bytes(ARTICLE)
    library = Library(store)
    saved = save_file(library, tmp_path / "lib", odd)
    assert saved.path.name == "x_id_name.html" and saved.path.parent.name == saved.article.id
    twin = tmp_path / "copy of it.htm"
    twin.write_bytes(ARTICLE)
    assert save_file(library, tmp_path / "lib", twin).outcome == "already in the library"
    strange = tmp_path / "notes.$(id)"
    strange.write_text("Some words.\n")
    with pytest.raises(ArticleError, match="is not a kind of file reader reads"):
        save_file(library, tmp_path / "lib", strange)


def test_a_redirect_to_a_saved_page_saves_no_second_copy(
    httpserver: HTTPServer, store: AnnotationStore, tmp_path: Path
) -> None:
    _serve(httpserver)
    for name in ("/r1", "/r2"):
        httpserver.expect_request(name).respond_with_data(
            "", status=302, headers={"Location": httpserver.url_for("/trains")}
        )
    library, lib = Library(store), tmp_path / "lib"
    first = save_page(library, lib, httpserver.url_for("/r1"))
    second = save_page(library, lib, httpserver.url_for("/r2"))
    direct = save_page(library, lib, httpserver.url_for("/trains"))
    assert first.outcome == "saved" and first.redirects == (httpserver.url_for("/trains"),)
    assert (second.outcome, direct.outcome) == ("already saved", "already saved")
    assert second.path == direct.path == first.path
    assert len([path for path in lib.glob("web-*/page.html")]) == 1
    httpserver.clear()  # asked again through the redirect: found without fetching
    assert save_page(library, lib, httpserver.url_for("/r2")).outcome == "already saved"


def test_a_refresh_of_an_unchanged_page_keeps_no_copy_and_a_changed_one_says_how_it_went(
    httpserver: HTTPServer, store: AnnotationStore, tmp_path: Path
) -> None:

    library, lib, url = Library(store), tmp_path / "lib", _serve(httpserver)
    saved = save_page(library, lib, url)
    _highlight(store, saved.article, 0, 12)
    same = save_page(library, lib, url, refresh=True)
    assert same.outcome == "unchanged" and not (saved.path.parent / "earlier").exists()
    httpserver.clear()
    changed = ARTICLE.replace(b"<body>", b"<body><p>Updated by the editors today.</p>", 1)
    _serve(httpserver, changed)
    refreshed = save_page(library, lib, url, refresh=True)
    assert refreshed.outcome == "refreshed"
    assert refreshed.found_again.startswith("1 of 1 highlights found again")
