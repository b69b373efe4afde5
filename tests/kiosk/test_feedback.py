import datetime as dt
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from kiosk.privacy import HideKioskRequests
from shared import clock
from shared.feedback.models import Feedback
from shared.kiosk.tokens import new_form_token
from shared.sessions.models import AttendanceStatus

from .conftest import DURING_SESSION, PIN, csrf_token, post, text_of

fixture_ok = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ANSWERS = {"scope": "collective", "mood": "4", "text": "On pourrait faire une sortie au marché.", "signer": "anonyme"}


def form() -> dict:
    """The answers as the opinion form sends them, with that form's one-time token."""
    return ANSWERS | {"token": new_form_token()}


def later(seconds: int):
    return clock.frozen_at(DURING_SESSION + dt.timedelta(seconds=seconds))


def the_next_day(tablet) -> None:
    """A request of the tablet the next day: the session's pool of anonymous opinions is written first."""
    with clock.frozen_at(DURING_SESSION + dt.timedelta(days=1)):
        assert tablet.get("/").status_code in (200, 302)


def feedback_rows(db, session_id):
    return db.execute(text("SELECT * FROM feedback WHERE session_id = :s"), {"s": session_id}).mappings().all()


def test_anonymous_feedback_stores_no_person_no_time_no_address(tablet, kiosk, db):
    response = post(tablet, "/avis", form(), environ_base={"REMOTE_ADDR": "203.0.113.77"})
    assert response.status_code == 200 and "Merci !" in text_of(response)
    assert feedback_rows(db, kiosk.session.id) == []  # alone, it waits sealed (shared.anonymity)
    the_next_day(tablet)
    (row,) = feedback_rows(db, kiosk.session.id)
    assert row["participant_id"] is None
    assert set(row.keys()) == {"id", "session_id", "given_on", "scope", "mood", "text", "participant_id", "status",
                               "form_token"}
    values = [str(v) for v in row.values()]
    assert not any("203.0.113" in v for v in values)
    assert not any(":" in v for v in values if v != str(row["id"]))  # nothing that looks like a time
    assert str(row["given_on"]).startswith(kiosk.session.held_on.isoformat())
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("feedback")}
    assert not columns & {"created_at", "recorded_at", "ip", "address", "device_id", "remote_addr"}


def test_signed_feedback_goes_through_the_tiles_and_the_pin(tablet, kiosk, db):
    fatima = kiosk.people[0]
    tiles = post(tablet, "/avis", form() | {"signer": "prenom", "scope": "personal"})
    assert "Qui donne son avis ?" in text_of(tiles) and "Fatima B." in text_of(tiles)
    asked = post(tablet, "/avis/prenom", form() | {"signer": "prenom", "participant": fatima.id})
    assert "tapez votre code" in text_of(asked) and ANSWERS["text"] in text_of(asked)
    wrong = post(tablet, "/avis/code", form() | {"signer": "prenom", "participant": fatima.id, "pin": "0000"})
    assert wrong.status_code == 403 and feedback_rows(db, kiosk.session.id) == []
    done = post(tablet, "/avis/code", form() | {"signer": "prenom", "participant": fatima.id, "pin": PIN})
    assert "Merci, Fatima !" in text_of(done)
    (row,) = feedback_rows(db, kiosk.session.id)
    assert row["participant_id"] == fatima.id


def test_a_double_tap_stores_the_opinion_once(tablet, kiosk, db):
    sent = form()
    first = post(tablet, "/avis", sent)
    again = post(tablet, "/avis", sent)  # the same form, sent a second time
    assert first.status_code == again.status_code == 200 and "Merci !" in text_of(again)
    the_next_day(tablet)
    assert len(feedback_rows(db, kiosk.session.id)) == 1


def test_the_next_persons_opinion_right_after_is_never_lost(tablet, kiosk, db):
    """Was: a second opinion within 5 s of another was thrown away (« C'est déjà envoyé »)."""
    assert post(tablet, "/avis", form()).status_code == 200
    second = post(tablet, "/avis", form() | {"text": "Moi aussi j'ai aimé.", "mood": "3"})
    assert second.status_code == 200 and "Merci !" in text_of(second)
    the_next_day(tablet)
    assert len(feedback_rows(db, kiosk.session.id)) == 2


def test_the_form_carries_a_new_token_each_time(tablet, kiosk):
    tokens = {re.search(r'name="token" value="([^"]+)"', tablet.get("/avis").get_data(as_text=True)).group(1)
              for _ in range(3)}
    assert len(tokens) == 3


def test_a_form_without_its_token_keeps_the_answers_and_asks_to_send_again(tablet, kiosk, db):
    response = post(tablet, "/avis", ANSWERS)
    assert response.status_code == 400 and "encore une fois" in text_of(response)
    assert ANSWERS["text"] in text_of(response) and 'name="token" value="' in text_of(response)
    assert feedback_rows(db, kiosk.session.id) == []


def test_the_tablet_keeps_no_time_of_its_last_opinion(tablet, kiosk, db):
    post(tablet, "/avis", form())
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("device")}
    assert not any("feedback" in name for name in columns)


@pytest.mark.parametrize(("change", "message"), [
    ({"scope": ""}, "pour moi, ou pour le groupe"),
    ({"scope": "everyone"}, "pour moi, ou pour le groupe"),
    ({"mood": "0"}, "visage"),
    ({"mood": "5"}, "visage"),
    ({"signer": "moi"}, "anonyme, ou avec mon prénom"),
    ({"text": "x" * 1001}, "trop long"),
])
def test_bad_answers_get_a_french_screen_that_keeps_the_rest(tablet, kiosk, db, change, message):
    response = post(tablet, "/avis", form() | change)
    assert response.status_code == 400 and message in text_of(response)
    assert feedback_rows(db, kiosk.session.id) == []


def test_missing_fields(tablet, kiosk, db):
    response = post(tablet, "/avis", {})
    assert response.status_code == 400 and "visage" in text_of(response)
    for url in ("/avis/prenom", "/avis/code"):
        assert post(tablet, url, {}).status_code == 400


def test_oversize_text_keeps_what_was_typed(tablet, kiosk):
    typed = "Très long avis. " * 70
    response = post(tablet, "/avis", form() | {"text": typed})
    assert response.status_code == 400 and typed.strip()[:200] in text_of(response)


def test_oversize_request_gets_a_french_screen(tablet, kiosk):
    response = post(tablet, "/avis", form() | {"text": "x" * 50_000})
    assert response.status_code == 413 and "trop long" in text_of(response)


def test_forged_form_without_csrf_token(tablet, kiosk, db):
    response = tablet.post("/avis", data=ANSWERS)
    assert response.status_code == 400 and "Ce formulaire a expiré" in text_of(response)
    forged = tablet.post("/avis", data=form() | {"csrf_token": "forged"})
    assert forged.status_code == 400 and feedback_rows(db, kiosk.session.id) == []


def test_database_down_keeps_what_was_typed_and_saves_nothing(tablet, kiosk, db, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("INSERT INTO feedback", {}, Exception("server closed the connection"))

    monkeypatch.setattr("kiosk.routes.feedback.submit_feedback", down)
    response = post(tablet, "/avis", form())
    assert response.status_code == 503
    body = text_of(response)
    assert "L'enregistrement n'a pas marché" in body and ANSWERS["text"] in body and "réessayer" in body
    assert feedback_rows(db, kiosk.session.id) == []
    monkeypatch.undo()
    assert post(tablet, "/avis", form()).status_code == 200


def test_commit_failure_is_a_calm_503_with_the_answers(tablet, kiosk, db, monkeypatch):
    from sqlalchemy.orm import Session

    real_commit = Session.commit

    def failing_commit(self):
        if self is not db:  # the app's request session, not the test's
            raise OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return real_commit(self)

    token = csrf_token(tablet)
    monkeypatch.setattr(Session, "commit", failing_commit)
    response = tablet.post("/avis", data=form() | {"csrf_token": token})
    assert response.status_code == 503 and ANSWERS["text"] in text_of(response)
    monkeypatch.undo()
    assert feedback_rows(db, kiosk.session.id) == []


@pytest.mark.parametrize("status", ["200", "400", "403", "409", "429"])
def test_feedback_requests_leave_no_line_in_the_request_log(status):
    """Werkzeug colours 4xx lines (ANSI escapes around the request): those are dropped too."""
    from werkzeug.serving import _ansi_style

    request = "POST /kiosk/avis HTTP/1.1"
    shown = request if status == "200" else _ansi_style(request, "bold", "red")
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '203.0.113.7 - - [25/Nov/2026 14:02:11] "%s" %s %s\n', (shown, status, "-"), None)
    assert HideKioskRequests().filter(record) is False
    other = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '203.0.113.7 - - [x] "%s" %s %s',
                              ("GET /admin/participant/ HTTP/1.1", "200", "-"), None)
    assert HideKioskRequests().filter(other) and "203.0.113.7" in other.getMessage()


def test_no_session_today_means_no_feedback_form(tablet, kiosk, db):
    kiosk.session.cancelled = True
    db.commit()
    assert tablet.get("/avis").status_code == 409
    assert post(tablet, "/avis", form()).status_code == 409


@fixture_ok
@given(st.fixed_dictionaries({k: st.text(max_size=40) for k in ("scope", "mood", "text", "signer", "participant",
                                                                 "pin")}))
def test_any_posted_answers_get_a_screen_never_a_500(tablet, kiosk, data):
    for url in ("/avis", "/avis/prenom", "/avis/code"):
        with later(60):
            response = post(tablet, url, data)
        assert response.status_code < 500
        assert "<h1" in text_of(response)


def test_with_fewer_than_three_people_signed_in_the_form_says_an_opinion_could_be_recognised(tablet, kiosk, db, make):
    for person in kiosk.people[:2]:
        make.attendance(kiosk.session, person)
    db.commit()
    assert "Moins de 3 personnes ont signé : un avis anonyme pourrait être reconnu." in text_of(tablet.get("/avis"))


def test_from_three_people_signed_in_the_form_says_nothing_of_it(tablet, kiosk, db, make):
    for person in kiosk.people:
        make.attendance(kiosk.session, person)
    make.attendance(kiosk.session, make.participant(group=kiosk.group), status=AttendanceStatus.ABSENT)
    db.commit()
    assert "Moins de 3 personnes" not in text_of(tablet.get("/avis"))
