"""ChannelHttp against a real loopback server: retries with fresh signatures, HTML pages, PDFs."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gianhang_desktop.core.channels.errors import BadResponse, Unavailable
from gianhang_desktop.core.channels.http import ChannelHttp, HttpOptions, HttpRequest
from gianhang_desktop.core.channels.limits import (
    ChannelLimits,
    Endpoint,
    EndpointLimit,
    batches,
    floor_seconds,
)


class Script:
    """What the server answers, one entry per request: (status, content type, body)."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.seen: list[dict[str, str]] = []


@pytest.fixture
def server():
    script = Script([])

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            script.seen.append({"path": self.path, "sign": self.headers.get("X-Sign", "")})
            status, ctype, body = script.answers.pop(0) if script.answers else (200, "application/json", b"{}")
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if status == 429:
                self.send_header("Retry-After", "0")
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", script
    httpd.shutdown()
    httpd.server_close()


def client(retries: int = 3) -> ChannelHttp:
    return ChannelHttp("Shopee", HttpOptions(timeout=(2, 5), retries=retries, backoff_factor=0.001, jitter=0))


def test_5xx_and_429_are_retried_and_each_attempt_is_signed_afresh(server):
    url, script = server
    script.answers = [(503, "application/json", b"{}"), (429, "application/json", b"{}"),
                      (200, "application/json", b'{"ok": true}')]
    http = client()
    counter = iter(range(100))
    answer = http.send(lambda: HttpRequest("POST", url + "/x", headers={"X-Sign": f"sig-{next(counter)}"}, body=b"{}"),
                       Endpoint.STOCK)
    assert answer.json() == {"ok": True}
    assert [s["sign"] for s in script.seen] == ["sig-0", "sig-1", "sig-2"]
    assert http.calls[Endpoint.STOCK] == 3


def test_budget_spent_on_5xx_is_unavailable(server):
    url, script = server
    script.answers = [(502, "text/html", b"<html>Bad gateway</html>")] * 5
    with pytest.raises(Unavailable) as caught:
        client(retries=2).send(lambda: HttpRequest("GET", url + "/x"))
    assert caught.value.retryable
    assert len(script.seen) == 3


def test_html_page_where_json_was_expected_is_a_clear_error(server):
    url, script = server
    script.answers = [(200, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body>Maintenance</body></html>")]
    answer = client().send(lambda: HttpRequest("GET", url + "/x"))
    with pytest.raises(BadResponse) as caught:
        answer.json()
    assert "Maintenance" in str(caught.value) and "200" in str(caught.value)


def test_not_json_and_not_pdf(server):
    url, script = server
    script.answers = [(200, "application/json", b"{broken"), (200, "application/pdf", b"<html>no</html>"),
                      (200, "application/pdf", b"%PDF-1.4 ...")]
    http = client()
    with pytest.raises(BadResponse):
        http.send(lambda: HttpRequest("GET", url + "/x")).json()
    with pytest.raises(BadResponse):
        http.send(lambda: HttpRequest("GET", url + "/x")).pdf()
    assert http.send(lambda: HttpRequest("GET", url + "/x")).pdf().startswith(b"%PDF")


def test_connection_refused_is_unavailable():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(Unavailable):
        client(retries=1).send(lambda: HttpRequest("GET", f"http://127.0.0.1:{port}/x"))


def test_limit_arithmetic():
    limit = EndpointLimit(rate=10, burst=10, batch=50)
    assert batches(10_000, limit) == 200
    assert batches(0, limit) == 0
    assert floor_seconds(200, limit) == pytest.approx(19.0)
    limits = ChannelLimits({Endpoint.STOCK: limit})
    assert limits.of(Endpoint.STOCK) is limit and limits.of(Endpoint.PRICE) is limits.default
