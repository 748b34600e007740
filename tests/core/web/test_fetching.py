"""Fetching one page from a local server: what comes back, and one line for each failure."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from reader.core.web import FetchError, fetch_page
from reader.core.web.fetching import USER_AGENT

PAGE = b"<html><head><title>Night trains</title></head><body><p>They run again.</p></body></html>"


@contextmanager
def _one_request(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """A server on 127.0.0.1 that answers one request with `handler` (for answers a test
    server cannot give: a body cut short, one that trickles in), and its address."""
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/a"
    finally:
        thread.join(5)
        server.server_close()


def test_a_page_comes_back_whole_with_the_redirects_it_took(httpserver: HTTPServer) -> None:
    seen: list[str] = []

    def page(request: Request) -> Response:
        seen.append(request.headers.get("User-Agent", ""))
        return Response(PAGE, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/new")}
    )
    httpserver.expect_request("/new").respond_with_data(
        "", status=302, headers={"Location": "/article"}
    )
    httpserver.expect_request("/article").respond_with_handler(page)
    fetched = fetch_page(httpserver.url_for("/old"))
    assert fetched.body == PAGE and fetched.status == 200
    assert fetched.final_url == httpserver.url_for("/article")
    assert fetched.redirects == (httpserver.url_for("/new"), httpserver.url_for("/article"))
    assert seen == [USER_AGENT] and USER_AGENT.startswith("reader/")


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (404, "is not there (404 Not Found)"),
        (451, "unavailable for legal reasons"),
        (500, "answered 500"),
    ],
)
def test_an_http_error_is_one_line(httpserver: HTTPServer, status: int, words: str) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=status)
    with pytest.raises(FetchError) as raised:
        fetch_page(httpserver.url_for("/gone"))
    assert words in str(raised.value) and "\n" not in str(raised.value)


def test_a_pdf_and_other_types_are_refused_before_their_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/paper.pdf").respond_with_data(
        b"%PDF-1.7", content_type="application/pdf"
    )
    httpserver.expect_request("/data").respond_with_data(b"{}", content_type="application/json")
    with pytest.raises(FetchError, match="is a PDF; reader cannot read PDFs yet"):
        fetch_page(httpserver.url_for("/paper.pdf"))
    with pytest.raises(FetchError, match="is application/json, not a web page"):
        fetch_page(httpserver.url_for("/data"))


def test_a_page_over_the_limit_is_refused_even_without_a_length(httpserver: HTTPServer) -> None:
    def endless(request: Request) -> Response:
        return Response((b"<p>" + b"x" * 1000 for _ in range(200)), content_type="text/html")

    httpserver.expect_request("/huge").respond_with_handler(endless)
    with pytest.raises(FetchError, match="is over 97 kB; not saved"):
        fetch_page(httpserver.url_for("/huge"), max_bytes=100_000)


def test_a_slow_server_times_out(httpserver: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(PAGE, content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match=r"timed out \(no answer for 0.1 s\)"):
        fetch_page(httpserver.url_for("/slow"), timeout=0.2)


def test_a_server_that_trickles_is_cut_off_at_the_deadline() -> None:
    class Trickle(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "4000")
            self.end_headers()
            try:
                for _ in range(40):
                    time.sleep(0.05)
                    self.wfile.write(b"<p>x</p>" * 12)
                    self.wfile.flush()
            except OSError:
                pass  # the client gave up, as it should

    started = time.monotonic()
    with (
        _one_request(Trickle) as url,
        pytest.raises(FetchError, match=r"took longer than 0.5 s; not saved"),
    ):
        fetch_page(url, timeout=0.5)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("address", "words"),
    [
        ("http://[::1", "not a valid address"),
        ("http://127.0.0.1:99999/", "not a valid address"),
        ("http://", "not a valid address"),
        ("ftp://example.org/file", "only http:// and https:// addresses can be fetched"),
        ("www.example.org/a", "not a web address"),
    ],
)
def test_a_malformed_address_is_one_line(address: str, words: str) -> None:
    with pytest.raises(FetchError, match=words):
        fetch_page(address)


def test_credentials_in_an_address_are_never_kept(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data(PAGE, content_type="text/html")
    url = httpserver.url_for("/a").replace("http://", "http://alice:s3cret@")
    fetched = fetch_page(url + "?token=abc")
    assert "s3cret" not in fetched.url + fetched.final_url and "alice" not in fetched.url


def test_a_dead_proxy_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "localhost")
    with pytest.raises(FetchError, match=r"cannot reach the proxy http://127.0.0.1:9"):
        fetch_page("http://example.org/article")


def test_a_host_that_cannot_be_found_is_said_so() -> None:
    from reader.core.web.fetching import _connect_problem

    error = OSError("[Errno -2] Name or service not known")
    assert str(_connect_problem("https://nowhere.example/a", "nowhere.example", error)) == (
        "https://nowhere.example/a: cannot find the host nowhere.example (DNS); check the address"
    )


def test_no_server_and_no_such_host_are_said_apart() -> None:
    with pytest.raises(FetchError, match="refused the connection|cannot reach"):
        fetch_page("http://127.0.0.1:9/")  # the discard port: nothing listens
    with pytest.raises(FetchError, match="only http:// and https://"):
        fetch_page("ftp://example.org/file")


def test_a_download_cut_short_is_an_error_not_a_page() -> None:
    class CutShort(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.write(b"<html><body><p>The first words, and then")
            self.wfile.flush()
            self.close_connection = True

    with _one_request(CutShort) as url, pytest.raises(FetchError, match="the download failed"):
        fetch_page(url)
