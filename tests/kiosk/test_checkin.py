import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from shared import clock
from shared.sessions.models import Attendance

from .conftest import DURING_SESSION, PIN, post, text_of

fixture_ok = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_tiles_show_kiosk_names_alphabetically_for_the_group_only(tablet, kiosk, make):
    make.participant(first_name="Zora", last_name="Autregroupe")
    body = text_of(tablet.get("/signer"))
    names = ["Aurélien P.", "Élodie M.", "Fatima B."]
    assert [body.index(n) for n in names] == sorted(body.index(n) for n in names)
    assert "Zora" not in body and "Benali" not in body


def test_sign_in_with_pin_then_twice(tablet, kiosk, db):
    fatima = kiosk.people[0]
    asked = post(tablet, "/signer/personne", {"participant": fatima.id})
    assert "Fatima B., tapez votre code" in text_of(asked)
    done = post(tablet, "/signer/code", {"participant": fatima.id, "pin": PIN})
    assert done.status_code == 200 and "Bienvenue, Fatima !" in text_of(done)
    attendance = db.scalar(select(Attendance).where(Attendance.participant_id == fatima.id))
    assert attendance.session_id == kiosk.session.id and attendance.is_trial
    again = post(tablet, "/signer/code", {"participant": fatima.id, "pin": PIN})
    assert "C'est déjà fait" in text_of(again)


def test_five_wrong_pins_lock_the_person(tablet, kiosk, db):
    fatima = kiosk.people[0]
    for left in ("4 fois", "3 fois", "2 fois", "une fois"):
        wrong = post(tablet, "/signer/code", {"participant": fatima.id, "pin": "0000"})
        assert wrong.status_code == 403 and f"encore essayer {left}" in text_of(wrong)
    locked = post(tablet, "/signer/code", {"participant": fatima.id, "pin": "0000"})
    assert "bloqué" in text_of(locked)
    still = post(tablet, "/signer/code", {"participant": fatima.id, "pin": PIN})
    assert still.status_code == 403 and "15 minutes" in text_of(still)
    assert db.scalar(select(Attendance).where(Attendance.participant_id == fatima.id)) is None
    with clock.frozen_at(DURING_SESSION + dt.timedelta(minutes=16)):
        assert "Bienvenue" in text_of(post(tablet, "/signer/code", {"participant": fatima.id, "pin": PIN}))


def test_group_without_pins_signs_in_at_the_tap(tablet, kiosk, db):
    kiosk.group.requires_pin = False
    db.commit()
    done = post(tablet, "/signer/personne", {"participant": kiosk.people[1].id})
    assert "Bienvenue, Aurélien !" in text_of(done)


def test_person_without_pin_is_told_to_ask(tablet, kiosk, db, make):
    newcomer = make.participant(group=kiosk.group, first_name="Nadia")
    db.commit()
    response = post(tablet, "/signer/code", {"participant": newcomer.id, "pin": "1234"})
    assert "Demandez-le à l'animateur" in text_of(response)


@pytest.mark.parametrize("data", [{}, {"participant": ""}, {"participant": "abc"}, {"participant": "999999999"},
                                  {"participant": "-1"}, {"participant": "1" * 40}])
def test_missing_or_unknown_person_gets_a_french_screen(tablet, kiosk, data):
    for url in ("/signer/personne", "/signer/code"):
        response = post(tablet, url, data)
        assert response.status_code == 400
        assert "Choisissez une personne" in text_of(response) or "pas dans la liste" in text_of(response)


def test_person_of_another_group_cannot_sign_in_here(tablet, kiosk, make, db):
    stranger = make.participant(first_name="Paul")
    db.commit()
    response = post(tablet, "/signer/code", {"participant": stranger.id, "pin": PIN})
    assert response.status_code == 400 and "pas dans la liste" in text_of(response)


def test_no_session_today_shows_the_next_one(tablet, kiosk, make, db):
    make.session(group=kiosk.group, held_on=clock.today() + dt.timedelta(days=9))
    kiosk.session.held_on = clock.today() - dt.timedelta(days=5)
    db.commit()
    home = text_of(tablet.get("/"))
    assert "Pas de séance aujourd'hui" in home and "Prochaine séance : jeudi 19 mars" in home
    response = tablet.get("/signer")
    assert response.status_code == 409 and "jeudi 19 mars" in text_of(response)


def test_sign_in_before_the_window_is_refused_kindly(tablet, kiosk):
    with clock.frozen_at(dt.datetime.combine(kiosk.session.held_on, dt.time(9, 0))):
        response = post(tablet, "/signer/code", {"participant": kiosk.people[0].id, "pin": PIN})
    assert response.status_code == 409 and "La signature ouvre à 13h30" in text_of(response)


@fixture_ok
@given(participant=st.text(max_size=30), pin=st.text(max_size=30))
def test_any_posted_values_get_a_screen_never_a_500(tablet, kiosk, participant, pin):
    response = post(tablet, "/signer/code", {"participant": participant, "pin": pin})
    assert response.status_code in (200, 400, 403, 409)
    assert "<h1>" in text_of(response)
