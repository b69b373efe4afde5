"""The kiosk with its database gone: a calm French 503 screen, nothing half-saved, and the screens
where a person typed something show it again so that one touch retries."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from kiosk import create_app
from shared.kiosk.models import Device, WalkIn
from shared.sessions.models import Attendance
from tests.kiosk.conftest import (  # noqa: F401
    PIN, csrf_token, db, during_session, kiosk, kiosk_app, kiosk_config, post, tablet, text_of,
)

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:9/idmix?connect_timeout=3",  # nothing listens there
    "sqlite": "sqlite:////nonexistent-folder/idmix.sqlite3",  # cannot be opened
}
CALM = "Réessayez dans un instant"


def down(*args, **kwargs):
    raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
@pytest.mark.parametrize(("method", "url"), [("get", "/"), ("get", "/signer"), ("post", "/signer/code"),
                                             ("post", "/avis"), ("post", "/decouvrir")])
def test_every_screen_is_a_calm_503_when_the_database_is_gone(backend, method, url):
    client = create_app(kiosk_config(UNREACHABLE[backend])).test_client()
    client.set_cookie("idmix_kiosk_device", "x" * 43)
    data = {"csrf_token": csrf_token(client), "participant": "1", "pin": PIN} if method == "post" else None
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 503
    assert CALM in text_of(response) and 'lang="fr"' in text_of(response) and "Traceback" not in text_of(response)


def test_a_sign_in_whose_commit_fails_is_a_503_and_saves_nothing(tablet, kiosk, db, monkeypatch):
    real_commit = Session.commit

    def failing_commit(self):
        if self is not db:  # the app's request session, not the test's
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return real_commit(self)

    token = csrf_token(tablet)
    monkeypatch.setattr(Session, "commit", failing_commit)
    response = tablet.post("/signer/code", data={"csrf_token": token, "participant": kiosk.people[0].id, "pin": PIN})
    monkeypatch.undo()
    assert response.status_code == 503 and CALM in text_of(response)
    attendance = select(func.count()).select_from(Attendance).where(Attendance.session_id == kiosk.session.id)
    assert db.scalar(attendance) == 0
    again = post(tablet, "/signer/code", {"participant": kiosk.people[0].id, "pin": PIN})
    assert again.status_code == 200 and "Bienvenue, Fatima !" in text_of(again)


def test_a_visitor_whose_name_could_not_be_saved_finds_it_again(tablet, kiosk, db, monkeypatch):
    monkeypatch.setattr("kiosk.routes.discover.record_walk_in", down)
    response = post(tablet, "/decouvrir", {"first_name": "Noémie"})
    assert response.status_code == 503
    assert "L'enregistrement n'a pas marché" in text_of(response) and 'value="Noémie"' in text_of(response)
    assert db.scalar(select(func.count()).select_from(WalkIn).where(WalkIn.session_id == kiosk.session.id)) == 0


def test_an_activation_that_could_not_be_saved_keeps_the_code(client_without_device, db, monkeypatch):
    devices = db.scalar(select(func.count()).select_from(Device))
    monkeypatch.setattr("kiosk.device.enrol_device", down)
    response = post(client_without_device, "/activer", {"code": "ABCD-EFGH", "name": "Tablette du CMS"})
    assert response.status_code == 503
    assert "L'enregistrement n'a pas marché" in text_of(response) and 'value="ABCD-EFGH"' in text_of(response)
    assert db.scalar(select(func.count()).select_from(Device)) == devices


@pytest.fixture
def client_without_device(kiosk_app):
    return kiosk_app.test_client()
