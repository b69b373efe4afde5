"""Real servers for the messaging tests: an SMTP server with STARTTLS (aiosmtpd, a self-signed
certificate for localhost) and a local HTTP server answering like Brevo's transactional SMS API."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Inbox:
    messages: list = field(default_factory=list)
    reply: str = "250 OK"  # set to "451 ..." to refuse for a while

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if not self.reply.startswith("250"):
            return self.reply
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append({"to": envelope.rcpt_tos, "message": parsed, "raw": envelope.content,
                              "body": parsed.get_content(), "subject": parsed["Subject"],
                              "tls": session.ssl is not None})
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["to"]]


@pytest.fixture(scope="session")
def smtp_certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("smtp-tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


@pytest.fixture
def smtp_server(smtp_certificate, monkeypatch):
    """A real SMTP server that requires STARTTLS; IDMIX_SMTP_* point at it."""
    cert, key = smtp_certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="localhost", port=port, tls_context=context, require_starttls=True)
    controller.start()
    monkeypatch.setenv("IDMIX_SMTP_URL", f"smtp://localhost:{port}")
    monkeypatch.setenv("IDMIX_SMTP_CA_FILE", str(cert))
    monkeypatch.setenv("IDMIX_SMTP_FROM", "ID'MIX <rappels@cd.example.fr>")
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass
class SmsApi:
    """What Brevo received, and what it answers next (a list of (status, body) consumed in order)."""

    requests: list = field(default_factory=list)
    answers: list = field(default_factory=list)
    url: str = ""
    delay: float = 0.0  # seconds per request: a provider that takes its time

    def to(self, number: str) -> list:
        return [r for r in self.requests if r["json"].get("recipient") == number.lstrip("+")]


@pytest.fixture
def sms_api(monkeypatch):
    api = SmsApi()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            time.sleep(api.delay)
            with lock:
                status, answer = api.answers.pop(0) if api.answers else (201, {"messageId": 1000 + len(api.requests)})
                if status < 300:
                    api.requests.append({"path": self.path, "key": self.headers.get("api-key"),
                                         "json": json.loads(body)})
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.url = f"http://127.0.0.1:{server.server_port}/v3/transactionalSMS/send"
    monkeypatch.setenv("IDMIX_SMS_PROVIDER", "brevo")
    monkeypatch.setenv("IDMIX_SMS_API_KEY", "cle-de-test")
    monkeypatch.setenv("IDMIX_SMS_SENDER", "IDMIX")
    monkeypatch.setenv("IDMIX_SMS_API_URL", api.url)
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
