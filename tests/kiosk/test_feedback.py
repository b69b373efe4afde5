import datetime as dt
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from kiosk.privacy import HideFeedbackClients
from shared import clock
from shared.feedback.models import Feedback

from .conftest import DURING_SESSION, PIN, csrf_token, post, text_of

fixture_ok = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ANSWERS = {"scope": "collective", "mood": "4", "text": "On pourrait faire une sortie au marché.", "signer": "anonyme"}


def later(seconds: int):
    return clock.frozen_at(DURING_SESSION + dt.timedelta(seconds=seconds))


def feedback_rows(db, session_id):
    return db.execute(text("SELECT * FROM feedback WHERE session_id = :s"), {"s": session_id}).mappings().all()


def test_anonymous_feedback_stores_no_person_no_time_no_address(tablet, kiosk, db):
    response = post(tablet, "/avis", ANSWERS, environ_base={"REMOTE_ADDR": "203.0.113.77"})
    assert response.status_code == 200 and "Merci !" in text_of(response)
    (row,) = feedback_rows(db, kiosk.session.id)
    assert row["participant_id"] is None
    assert set(row.keys()) == {"id", "session_id", "given_on", "scope", "mood", "text", "participant_id", "status"}
    values = [str(v) for v in row.values()]
    assert not any("203.0.113" in v for v in values)
    assert not any(":" in v for v in values if v != str(row["id"]))  # nothing that looks like a time
    assert str(row["given_on"]).startswith(kiosk.session.held_on.isoformat())
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("feedback")}
    assert not columns & {"created_at", "recorded_at", "ip", "address", "device_id", "remote_addr"}


def test_signed_feedback_goes_through_the_tiles_and_the_pin(tablet, kiosk, db):
    fatima = kiosk.people[0]
    tiles = post(tablet, "/avis", ANSWERS | {"signer": "prenom", "scope": "personal"})
    assert "Qui donne son avis ?" in text_of(tiles) and "Fatima B." in text_of(tiles)
    asked = post(tablet, "/avis/prenom", ANSWERS | {"signer": "prenom", "participant": fatima.id})
    assert "tapez votre code" in text_of(asked) and ANSWERS["text"] in text_of(asked)
    wrong = post(tablet, "/avis/code", ANSWERS | {"signer": "prenom", "participant": fatima.id, "pin": "0000"})
    assert wrong.status_code == 403 and feedback_rows(db, kiosk.session.id) == []
    done = post(tablet, "/avis/code", ANSWERS | {"signer": "prenom", "participant": fatima.id, "pin": PIN})
    assert "Merci, Fatima !" in text_of(done)
    (row,) = feedback_rows(db, kiosk.session.id)
    assert row["participant_id"] == fatima.id


def test_a_tablet_cannot_send_twice_within_five_seconds(tablet, kiosk, db):
    assert post(tablet, "/avis", ANSWERS).status_code == 200
    with later(3):
        again = post(tablet, "/avis", ANSWERS)
    assert again.status_code == 429 and "Attendez quelques secondes" in text_of(again)
    with later(6):
        assert post(tablet, "/avis", ANSWERS).status_code == 200
    assert len(feedback_rows(db, kiosk.session.id)) == 2


def test_the_time_of_the_last_feedback_is_forgotten_after_the_pause(tablet, kiosk, db):
    post(tablet, "/avis", ANSWERS)
    with later(30):
        tablet.post("/decouvrir", data={})  # any later POST of the tablet (refused for CSRF, still checked)
        post(tablet, "/decouvrir", {"first_name": "Zoé"})
    assert db.execute(text("SELECT last_feedback_at FROM device WHERE id = :i"), {"i": kiosk.device.id}).scalar() is None


@pytest.mark.parametrize(("change", "message"), [
    ({"scope": ""}, "pour moi, ou pour le groupe"),
    ({"scope": "everyone"}, "pour moi, ou pour le groupe"),
    ({"mood": "0"}, "visage"),
    ({"mood": "5"}, "visage"),
    ({"signer": "moi"}, "anonyme, ou avec mon prénom"),
    ({"text": "x" * 1001}, "trop long"),
])
def test_bad_answers_get_a_french_screen_that_keeps_the_rest(tablet, kiosk, db, change, message):
    response = post(tablet, "/avis", ANSWERS | change)
    assert response.status_code == 400 and message in text_of(response)
    assert feedback_rows(db, kiosk.session.id) == []


def test_missing_fields(tablet, kiosk, db):
    response = post(tablet, "/avis", {})
    assert response.status_code == 400 and "visage" in text_of(response)
    for url in ("/avis/prenom", "/avis/code"):
        assert post(tablet, url, {}).status_code == 400


def test_oversize_text_keeps_what_was_typed(tablet, kiosk):
    typed = "Très long avis. " * 70
    response = post(tablet, "/avis", ANSWERS | {"text": typed})
    assert response.status_code == 400 and typed.strip()[:200] in text_of(response)


def test_oversize_request_gets_a_french_screen(tablet, kiosk):
    response = post(tablet, "/avis", ANSWERS | {"text": "x" * 50_000})
    assert response.status_code == 413 and "trop long" in text_of(response)


def test_forged_form_without_csrf_token(tablet, kiosk, db):
    response = tablet.post("/avis", data=ANSWERS)
    assert response.status_code == 400 and "Ce formulaire a expiré" in text_of(response)
    forged = tablet.post("/avis", data=ANSWERS | {"csrf_token": "forged"})
    assert forged.status_code == 400 and feedback_rows(db, kiosk.session.id) == []


def test_database_down_keeps_what_was_typed_and_saves_nothing(tablet, kiosk, db, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("INSERT INTO feedback", {}, Exception("server closed the connection"))

    monkeypatch.setattr("kiosk.routes.feedback.submit_feedback", down)
    response = post(tablet, "/avis", ANSWERS)
    assert response.status_code == 503
    body = text_of(response)
    assert "L'enregistrement n'a pas marché" in body and ANSWERS["text"] in body and "réessayer" in body
    assert feedback_rows(db, kiosk.session.id) == []
    device_row = db.execute(text("SELECT last_feedback_at FROM device WHERE id = :i"), {"i": kiosk.device.id})
    assert device_row.scalar() is None  # the anti double-tap mark was rolled back too
    monkeypatch.undo()
    assert post(tablet, "/avis", ANSWERS).status_code == 200


def test_commit_failure_is_a_calm_503_with_the_answers(tablet, kiosk, db, monkeypatch):
    from sqlalchemy.orm import Session

    real_commit = Session.commit

    def failing_commit(self):
        if self is not db:  # the app's request session, not the test's
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return real_commit(self)

    token = csrf_token(tablet)
    monkeypatch.setattr(Session, "commit", failing_commit)
    response = tablet.post("/avis", data=ANSWERS | {"csrf_token": token})
    assert response.status_code == 503 and ANSWERS["text"] in text_of(response)
    monkeypatch.undo()
    assert feedback_rows(db, kiosk.session.id) == []


def test_feedback_log_lines_leave_out_the_address():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '203.0.113.7 - - [25/Nov/2026 14:02:11] "%s" %s %s\n',
                               ("POST /kiosk/avis HTTP/1.1", "200", "-"), None)
    HideFeedbackClients().filter(record)
    assert "203.0.113.7" not in record.getMessage() and "14:02" not in record.getMessage()
    assert '"POST /kiosk/avis HTTP/1.1" 200' in record.getMessage()
    other = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '203.0.113.7 - - [x] "%s" %s %s',
                              ("GET /kiosk/signer HTTP/1.1", "200", "-"), None)
    HideFeedbackClients().filter(other)
    assert "203.0.113.7" in other.getMessage()


def test_no_session_today_means_no_feedback_form(tablet, kiosk, db):
    kiosk.session.cancelled = True
    db.commit()
    assert tablet.get("/avis").status_code == 409
    assert post(tablet, "/avis", ANSWERS).status_code == 409


@fixture_ok
@given(st.fixed_dictionaries({k: st.text(max_size=40) for k in ("scope", "mood", "text", "signer", "participant",
                                                                 "pin")}))
def test_any_posted_answers_get_a_screen_never_a_500(tablet, kiosk, data):
    for url in ("/avis", "/avis/prenom", "/avis/code"):
        with later(60):
            response = post(tablet, url, data)
        assert response.status_code < 500
        assert "<h1" in text_of(response)
