"""The reason staff read for a « présence à confirmer » is written for staff (« Code tablette faux 3 fois de suite,
présence à vérifier »), never the sentence the tablet showed the participant (« Vous pouvez encore essayer … »)."""

from __future__ import annotations

from sqlalchemy import select

from shared.kiosk.offline_models import PendingAttendance
from shared.kiosk.pending_reasons import reason_for_staff, staff_reason
from shared.errors import CheckInRefused
from tests.kiosk.conftest import fresh
from tests.kiosk.test_offline_sync import checkin, send


def reasons(db):
    return [p.reason for p in fresh(db, select(PendingAttendance).order_by(PendingAttendance.id))]


def test_a_wrong_pin_given_offline_reads_for_staff_with_how_many_in_a_row(tablet, kiosk, db):
    person = kiosk.people[1]
    send(tablet, [checkin(kiosk, person, pin="0000")])
    person.pin_failures = 2  # two wrong PINs typed online before
    db.commit()
    send(tablet, [checkin(kiosk, person, pin="1111")])
    found = reasons(db)
    assert found == ["Code tablette faux 1 fois (hors ligne), présence à vérifier.",
                     "Code tablette faux 3 fois de suite (hors ligne), présence à vérifier."]
    assert not any("Vous" in reason or "essayer" in reason for reason in found)


def test_the_wrong_pin_that_would_lock_the_code_reads_for_staff_too(tablet, kiosk, db):
    person = kiosk.people[1]
    person.pin_failures = 4
    db.commit()
    send(tablet, [checkin(kiosk, person, pin="0000")])
    [reason] = reasons(db)
    assert reason == "Code tablette faux 5 fois de suite (hors ligne), présence à vérifier."


def test_a_session_rule_refusal_is_said_as_refused_on_arrival():
    reason = staff_reason(CheckInRefused("Cette séance est annulée : il n'est pas possible de s'y inscrire."))
    assert reason.startswith("Signature hors ligne refusée à la réception")


def test_a_reason_stored_before_in_the_participants_words_is_read_for_staff():
    old = "Code donné hors ligne non accepté\u00a0: Ce code n'est pas le bon. Vous pouvez encore essayer 4 fois."
    assert reason_for_staff(old) == "Code tablette non accepté (hors ligne), présence à vérifier."
    assert reason_for_staff("Autre motif.") == "Autre motif."


def test_a_code_locked_before_and_a_person_without_code_read_for_staff(tablet, kiosk, db):
    import datetime as dt

    from shared import clock

    locked, without = kiosk.people[0], kiosk.people[2]
    locked.pin_locked_until, locked.pin_lock_level = clock.now() + dt.timedelta(minutes=10), 1
    without.pin_hash = None
    db.commit()
    send(tablet, [checkin(kiosk, locked), checkin(kiosk, without)])
    assert sorted(reasons(db)) == [
        "Code de la personne bloqué après des codes faux (hors ligne), présence à vérifier.",
        "Pas de code enregistré pour cette personne (hors ligne), présence à vérifier."]
