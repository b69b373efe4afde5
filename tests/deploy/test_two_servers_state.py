"""Two app servers on one PostgreSQL keep one state (issue #28): what one server learns, the other knows at
once. Each request goes to a chosen server (not through nginx, which would pick one), the same browser or
tablet moving from one to the other as nginx would move it: sign-in throttles, PIN locks, session
revocation, the offline seal key and the offline queue's one-time keys. Reminders are sent once by two runs
at once: tests/cli/test_send_reminders.py::test_two_runs_at_once_send_each_message_exactly_once."""

from __future__ import annotations

import base64
import html
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from cryptography.hazmat.primitives.serialization import load_der_public_key
from sqlalchemy import func, select

from bench.concurrency import DEVICE_COOKIE, PASSWORD, PIN, HttpKiosk, _count, seed, sign_in_outcome
from shared import settings
from shared.kiosk.pin_storage import use_keys
from shared.kiosk.offline_seal import seal_pin
from shared.sessions.models import Attendance
from shared.staff.throttling import RULES, PAIR
from tests.live.client import csrf_token_in

from .conftest import POSTGRESQL

pytestmark = pytest.mark.skipif(not POSTGRESQL, reason="two app servers share one PostgreSQL")

TOO_MANY = "Trop d'essais"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """One browser: its cookies go with it to whichever server answers."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(self, server, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(f"http://{server.address}{path}", data=body)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with urllib.request.build_opener(_NoRedirect).open(request, timeout=60) as answer:
                self._keep(answer.headers)
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                self._keep(error.headers)
                return error.code, error.read().decode()

    def sign_in(self, server, email: str, password: str) -> tuple[int, str]:
        _, page = self.send(server, "/admin/login")
        return self.send(server, "/admin/login", {"email": email, "password": password,
                                                  "csrf_token": csrf_token_in(page)})

    def _keep(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]


@pytest.fixture(scope="module")
def pins(stack):
    """A group that asks a PIN, with its tablet, in the stack's database; its PINs are kept with the PIN key of
    the instance folder both servers read (made there now if no PIN was checked yet), as ``idmix set-pin`` would."""
    with pytest.MonkeyPatch.context() as environment:
        environment.delenv("IDMIX_PIN_KEY", raising=False)
        environment.setenv("IDMIX_INSTANCE_PATH", str(stack["nginx"].folder.parent / "instance"))
        environment.setenv("IDMIX_PIN_KEY", settings.pin_key())
        # This process may have read another test's PIN key already (pin_storage keeps it): read these settings.
        previous = use_keys(None)
        try:
            return seed(stack["url"], people=3, tablets=1, requires_pin=True)
        finally:
            use_keys(previous)


def _attended(scene, person: int) -> int:
    return _count(scene.url, select(func.count()).select_from(Attendance).where(
        Attendance.session_id == scene.session_id, Attendance.participant_id == person))


def test_a_session_ended_on_one_server_opens_nothing_on_the_other(stack):
    first, second = stack["servers"]
    browser = Browser()
    assert browser.sign_in(first, stack["scene"].editors[0], PASSWORD)[0] == 302
    assert browser.send(first, "/admin/")[0] == browser.send(second, "/admin/")[0] == 200  # one sign-in, both
    saved = dict(browser.cookies)
    _, page = browser.send(second, "/admin/")
    assert browser.send(second, "/admin/logout", {"csrf_token": csrf_token_in(page)})[0] == 302
    browser.cookies = saved  # the cookie as it was before the sign-out, replayed on the other server
    status, _ = browser.send(first, "/admin/")
    assert status == 302


def test_wrong_passwords_spread_over_both_servers_meet_one_throttle(stack):
    """Alternating servers: one shared count reaches the wait after the free failures (more requests than that
    only if a wait ended between two of them); one count per server would need twice as many."""
    servers = stack["servers"]
    email = stack["scene"].editors[1]
    free = RULES[PAIR].free_failures
    answers = []
    for attempt in range(2 * free):
        _, page = Browser().sign_in(servers[attempt % 2], email, "pas-le-bon-mot-de-passe")
        answers.append(TOO_MANY in html.unescape(page))
        if answers[-1]:
            break
    assert any(answers), "no server ever asked to wait"
    assert answers.index(True) <= free + 2, answers


def test_a_person_locked_by_wrong_pins_on_both_servers_is_locked_on_each(pins, stack):
    first, second = stack["servers"]
    token = pins.tokens[0]
    tablets = [HttpKiosk(f"http://{first.address}/kiosk", token), HttpKiosk(f"http://{second.address}/kiosk", token)]
    locked, other = pins.people[0], pins.people[1]
    for attempt in range(5):  # the person's fifth wrong code locks her, as on one screen
        outcome = sign_in_outcome(*tablets[attempt % 2].post("/signer/code", {"participant": str(locked), "pin": "0000"}))
        assert outcome == "refused"
    for tablet in tablets:
        assert sign_in_outcome(*tablet.post("/signer/code", {"participant": str(locked), "pin": PIN})) == "refused"
    assert _attended(pins, locked) == 0
    assert sign_in_outcome(*tablets[1].post("/signer/code", {"participant": str(other), "pin": PIN})) == "new"


def test_a_pin_sealed_with_one_servers_key_is_opened_by_the_other_and_its_key_used_once(pins, stack):
    first, second = stack["servers"]
    device = {"Cookie": f"{DEVICE_COOKIE}={pins.tokens[0]}"}

    def call(server, path, payload=None):
        request = urllib.request.Request(
            f"http://{server.address}/kiosk{path}", headers=device | {"Content-Type": "application/json"},
            data=json.dumps(payload).encode() if payload is not None else None)
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    public = load_der_public_key(base64.b64decode(call(first, "/hors-ligne/donnees")["seal_key"]["public_key"]))
    person, key = pins.people[2], str(uuid.uuid4())
    item = {"key": key, "kind": "checkin", "session": pins.session_id, "participant": person,
            "pin": seal_pin(public, key, person, PIN)}
    assert call(second, "/hors-ligne/envoi", {"items": [item], "waiting": 1})["outcomes"] == {key: "received"}
    assert _attended(pins, person) == 1  # the right PIN, opened by the server that did not hand out the key
    assert call(first, "/hors-ligne/envoi", {"items": [item], "waiting": 1})["outcomes"] == {key: "already"}
    assert _attended(pins, person) == 1
