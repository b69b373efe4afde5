"""A real OpenID provider for the tests: npm ``oidc-provider`` (OpenID Certified) on 127.0.0.1, started by
``tests/sso/oidc_provider.mjs``, and a person signing in on its own login page (back-channel, with requests)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
ROOT = SCRIPT.parents[2]
SECRET = "secret-du-client-de-test-assez-long-pour-hs256-0123456789"
APP_URL = "http://localhost"  # the Flask test client's host


def client(client_id: str, **metadata) -> dict:
    """Registered as the test client sees the back-office (at the root) and as wsgi.py serves it (/admin/)."""
    return {"client_id": client_id, "client_secret": SECRET,
            "redirect_uris": [f"{APP_URL}{prefix}/sso/retour" for prefix in ("", "/admin")],
            "post_logout_redirect_uris": [f"{APP_URL}{prefix}/sso/deconnecte" for prefix in ("", "/admin")],
            **metadata}


CLIENTS = [
    client("idmix"),
    client("idmix-ec", id_token_signed_response_alg="ES256"),
    client("idmix-hs", id_token_signed_response_alg="HS256"),
    client("idmix-proconnect", userinfo_signed_response_alg="RS256"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, port: int) -> None:
        self.issuer = f"http://127.0.0.1:{port}"

    def control(self, mode: str = "normal", accounts: dict | None = None) -> None:
        """How the provider answers from now on: ``mode`` (a misbehaviour, or "normal") and the accounts' claims."""
        requests.post(f"{self.issuer}/__control", json={"mode": mode, "accounts": accounts or {}},
                      timeout=10).raise_for_status()

    def sign_in(self, authorization_url: str, login: str, browser: requests.Session | None = None) -> str:
        """Type ``login`` on the provider's own login page; the URL it sends the browser back to (our callback)."""
        browser = browser or requests.Session()
        url = authorization_url
        for _ in range(10):
            answer = browser.get(url, allow_redirects=False, timeout=10)
            if answer.status_code == 200 and 'name="login"' in answer.text:
                answer = browser.post(_form_action(answer), data={"prompt": "login", "login": login,
                                                                  "password": "mot-de-passe"},
                                      allow_redirects=False, timeout=10)
            location = answer.headers.get("Location")
            assert location, answer.text[:500]
            url = urljoin(url, location)
            if url.startswith(APP_URL):
                return url
        raise AssertionError("the provider never sent the browser back")

    def end_session(self, logout_url: str, browser: requests.Session) -> str:
        """Confirm the provider's logout page; the URL it sends the browser back to."""
        page = browser.get(logout_url, allow_redirects=False, timeout=10)
        fields = dict(_hidden_inputs(page.text), logout="yes")
        answer = browser.post(_form_action(page), data=fields, allow_redirects=False, timeout=10)
        return urljoin(logout_url, answer.headers["Location"])


def _form_action(page: requests.Response) -> str:
    text = page.text
    action = text.split('action="', 1)[1].split('"', 1)[0]
    return urljoin(page.url, action.replace("&amp;", "&"))


def _hidden_inputs(text: str) -> dict:
    found = {}
    for chunk in text.split("<input")[1:]:
        attributes = {}
        for part in ("name", "value"):
            if f'{part}="' in chunk:
                attributes[part] = chunk.split(f'{part}="', 1)[1].split('"', 1)[0]
        if "name" in attributes:
            found[attributes["name"]] = attributes.get("value", "")
    return found


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@contextlib.contextmanager
def running_provider(*extra_clients: dict):
    port = free_port()
    process = subprocess.Popen(["node", str(SCRIPT), str(port)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True,
                               env={**os.environ, "OIDC_CLIENTS": json.dumps(CLIENTS + list(extra_clients))})
    try:
        line = process.stdout.readline()
        assert line.strip() == "ready", f"oidc-provider did not start: {line!r}"
        yield Provider(port)
    finally:
        process.terminate()
        process.wait(timeout=10)
