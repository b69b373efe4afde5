"""nginx (deploy/nginx-idmix-proxy.conf) retries on the other app server only what is safe: a GET cut by a dying
server is answered by the other one; a POST already passed to a server that died before answering is never
replayed (a sign-in, an opinion or a vote could be stored twice), the tablet gets an error and sends it again."""

from __future__ import annotations

import socket
import socketserver
import ssl
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .stack import nginx


class _DiesMidRequest(socketserver.BaseRequestHandler):
    """Reads the request, then drops the connection without a word: a server killed while working."""

    def handle(self):
        self.request.settimeout(5)
        try:
            self.request.recv(65536)
        except OSError:
            pass
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        self.request.close()


@pytest.fixture
def upstreams():
    received = []

    class Answers(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            received.append(self.command)
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args):
            pass

    dying = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _DiesMidRequest)
    healthy = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    for server in (dying, healthy):
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield [f"127.0.0.1:{dying.server_address[1]}", f"127.0.0.1:{healthy.server_address[1]}"], received
    finally:
        for server in (dying, healthy):
            server.shutdown()
            server.server_close()


def _status(url: str, context: ssl.SSLContext, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30, context=context) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def _statuses(tmp_path, addresses, method: str) -> list[int]:
    with nginx(tmp_path / method, addresses) as proxy:
        context = ssl.create_default_context(cafile=str(proxy.folder / "cert.pem"))
        data = b"participant=1" if method == "POST" else None
        return [_status(proxy.https_url + "/kiosk/signer/code", context, data) for _ in range(4)]


def test_a_post_passed_to_a_server_that_died_is_not_replayed_on_the_other(tmp_path, upstreams):
    addresses, received = upstreams
    statuses = _statuses(tmp_path, addresses, "POST")
    assert sorted(statuses) == [200, 200, 200, 502]  # round robin sent one to the dying server
    assert received.count("POST") == 3  # the cut one never reached the other server


def test_a_get_cut_by_a_dying_server_is_answered_by_the_other(tmp_path, upstreams):
    addresses, received = upstreams
    assert _statuses(tmp_path, addresses, "GET") == [200, 200, 200, 200]
    assert received.count("GET") == 4
