"""No buyer data over plain HTTP, redirects included (issue 13 item 9): the store client never
follows a redirect (a signed request is not re-sent elsewhere), and the marketplace connectors'
HTTP follows one only when its next hop is https:// or this machine."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from gianhang_desktop.core.channels.http import ChannelHttp, HttpOptions, HttpRequest
from gianhang_desktop.core.errors import SyncError
from gianhang_desktop.core.net import PlainHttpRefused, SecureSession
from gianhang_desktop.core.sync.client import Credentials, StoreClient


class Recorder:
    """A loopback server: answers each request with a redirect to `location`, or 200 when None."""

    def __init__(self, location: str | None = None) -> None:
        self.location = location
        self.paths: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                recorder.paths.append(self.path)
                body = b'{"ok": true}'
                if recorder.location is None:
                    self.send_response(200)
                else:
                    self.send_response(307)
                    self.send_header("Location", recorder.location)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_POST = do_PUT = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def servers():
    made: list[Recorder] = []

    def make(location: str | None = None) -> Recorder:
        made.append(Recorder(location))
        return made[-1]

    yield make
    for server in made:
        server.close()


def test_the_store_client_never_follows_a_redirect(servers):
    elsewhere = servers()
    redirecting = servers(elsewhere.url + "/api/v1/shop")
    client = StoreClient(redirecting.url, Credentials("gh_key", "secret"), retries=0)
    with pytest.raises(SyncError) as raised:
        client.get("/shop")
    assert elsewhere.url + "/api/v1/shop" in raised.value.message("en") and "nothing was sent" in raised.value.message("en")
    assert redirecting.paths == ["/api/v1/shop"] and elsewhere.paths == []
    assert client.health() is False and elsewhere.paths == []


def test_a_connector_follows_no_redirect_to_plain_http_elsewhere(servers):
    http = ChannelHttp("Tiki", HttpOptions(retries=0))
    redirecting = servers("http://labels.example.com/stamp.pdf")  # a label of buyers' addresses
    with pytest.raises(PlainHttpRefused) as raised:
        http.send(lambda: HttpRequest("GET", redirecting.url + "/label"))
    assert raised.value.host == "labels.example.com" and "https://" in raised.value.message("vi")
    with pytest.raises(PlainHttpRefused):  # nor a request of its own
        http.send(lambda: HttpRequest("GET", "http://api.example.com/orders"))
    # This machine (a simulator) stays reachable, redirects to it included.
    target = servers()
    assert http.send(lambda: HttpRequest("GET", servers(target.url + "/x").url + "/y")).status == 200
    assert target.paths == ["/x"]


@pytest.mark.parametrize("url", ["http://store.example/a", "HTTP://Store.Example", "http://10.0.0.1:8080/",
                                 "http://127.0.0.1.nip.io/", "http://[fe80::1]/"])
def test_the_session_refuses_plain_http_elsewhere_before_connecting(url):
    with pytest.raises(PlainHttpRefused):
        SecureSession().get(url, timeout=0.001)
