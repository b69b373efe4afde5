"""A request sent byte for byte, as a hostile client would: no quoting of what the target holds."""

from __future__ import annotations

import socket
import urllib.parse


def raw_request(base_url: str, target: str, headers: dict[str, str] | None = None) -> bytes:
    """``GET <target> HTTP/1.1`` with ``target`` as it is (a raw ``"`` stays raw); the whole answer."""
    parts = urllib.parse.urlsplit(base_url)
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer
