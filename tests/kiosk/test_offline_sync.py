"""The offline queue's return (/hors-ligne/envoi): each key once, retries, lost answers, wrong PIN → à confirmer,
visitors kept offline."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select

from kiosk.extensions import db as kiosk_db
from shared import clock
from shared.anonymity.models import PoolEntry
from shared.feedback.models import Feedback
from shared.kiosk.models import WalkIn
from shared.kiosk import offline_seal
from shared.kiosk.offline_seal import seal_pin
from shared.kiosk.offline_models import ConfirmationStatus, DeviceContact, PendingAttendance
from shared.sessions.models import Attendance
from tests.kiosk.conftest import DURING_SESSION, PIN, fresh

SYNC = "/hors-ligne/envoi"


def key() -> str:
    return str(uuid.uuid4())


def sealed(item_key, participant_id, pin=PIN):
    """Sealed as the tablet does, to the server's public key."""
    return seal_pin(offline_seal.keys().current.public_key(), item_key, participant_id, pin)


def checkin(kiosk, person, pin=PIN, item_key=None):
    item_key = item_key or key()
    return {"key": item_key, "kind": "checkin", "session": kiosk.session.id, "participant": person.id,
            "pin": sealed(item_key, person.id, pin)}


def opinion(kiosk, mood="4", text="Très bien"):
    return {"key": key(), "kind": "opinion", "session": kiosk.session.id, "scope": "collective", "mood": mood,
            "text": text}


def send(tablet, items, waiting=0):
    return tablet.post(SYNC, json={"items": items, "waiting": waiting})


def count(db, model, **where):
    query = select(func.count()).select_from(model).filter_by(**where)
    return db.execute(query.execution_options(populate_existing=True)).scalar_one()


def test_three_sign_ins_and_two_opinions_are_stored_once_however_often_sent(tablet, kiosk, db):
    items = [checkin(kiosk, p) for p in kiosk.people] + [opinion(kiosk), opinion(kiosk, "2", None)]
    first = send(tablet, items)
    assert first.status_code == 200
    assert [first.json["outcomes"][item["key"]] for item in items] == ["received"] * 3 + ["recorded"] * 2
    again = send(tablet, items)  # the queue sent twice, or the first answer lost on the way back
    assert set(again.json["outcomes"].values()) == {"already"}
    db.expire_all()
    assert count(db, Attendance, session_id=kiosk.session.id) == 3
    assert count(db, PoolEntry) == 2  # anonymous: they wait sealed for a third, or the day's end
    assert count(db, PendingAttendance) == 0
    with clock.frozen_at(DURING_SESSION + dt.timedelta(days=1)):
        tablet.get("/")
    assert count(db, Feedback, session_id=kiosk.session.id) == 2 and count(db, PoolEntry) == 0


def test_an_answer_lost_after_the_commit_adds_nothing_on_retry(tablet, kiosk, db, kiosk_app):
    item = checkin(kiosk, kiosk.people[0])
    send(tablet, [item])  # reached the server and was committed; the tablet never saw the answer
    db.expire_all()
    retry = send(tablet, [item, opinion(kiosk)])
    assert retry.json["outcomes"][item["key"]] == "already"
    assert count(db, Attendance, session_id=kiosk.session.id) == 1


def test_a_wrong_pin_given_offline_arrives_as_a_presence_to_confirm(tablet, kiosk, db):
    person = kiosk.people[1]
    item = checkin(kiosk, person, pin="0000")
    assert send(tablet, [item]).json["outcomes"][item["key"]] == "received"  # as a right PIN: it tells nothing
    assert send(tablet, [item]).json["outcomes"][item["key"]] == "already"
    db.expire_all()
    assert count(db, Attendance, session_id=kiosk.session.id) == 0
    [pending] = fresh(db, select(PendingAttendance))
    assert (pending.participant_id, pending.status) == (person.id, ConfirmationStatus.PENDING)
    assert pending.reason == "Code tablette faux 1 fois (hors ligne), présence à vérifier."


def test_a_pin_never_sent_in_clear_is_checked_by_the_server(tablet, kiosk, db):
    item = checkin(kiosk, kiosk.people[0])
    item["pin"] = PIN  # the clear PIN where a sealed one belongs: not accepted as the right one
    assert send(tablet, [item]).json["outcomes"][item["key"]] == "received"
    assert count(db, Attendance, session_id=kiosk.session.id) == 0
    assert count(db, PendingAttendance, participant_id=kiosk.people[0].id) == 1


def test_damaged_items_get_a_clear_answer_never_a_500(tablet, kiosk, db):
    assert tablet.post(SYNC, data="pas du json").status_code == 400
    assert tablet.post(SYNC, json={"items": "rien"}).status_code == 400
    answer = send(tablet, [{"key": "k" * 20, "kind": "checkin", "session": "x"}, 12,
                           {"key": key(), "kind": "opinion", "session": kiosk.session.id, "scope": "?", "mood": "9"}])
    assert answer.status_code == 200
    assert set(answer.json["outcomes"].values()) == {"refused"}


def test_another_groups_session_or_person_is_refused(tablet, kiosk, db, make):
    other = make.session(group=make.group())
    stranger = make.participant(group=other.group)
    db.commit()
    items = [dict(checkin(kiosk, kiosk.people[0]), session=other.id), dict(checkin(kiosk, stranger))]
    assert set(send(tablet, items).json["outcomes"].values()) == {"refused"}
    db.expire_all()
    assert count(db, Attendance, participant_id=stranger.id) == 0


def test_the_tablet_reports_how_many_items_it_still_waits_to_send(tablet, kiosk, db):
    send(tablet, [], waiting=4)
    [contact] = fresh(db, select(DeviceContact))
    assert (contact.device_id, contact.waiting) == (kiosk.device.id, 4)
    assert contact.last_seen_at is not None


def test_a_revoked_tablet_sends_nothing(client, kiosk, db):
    client.set_cookie("idmix_kiosk_device", "not-a-tablet")
    assert client.post(SYNC, json={"items": [opinion(kiosk)]}).status_code == 403


def test_the_roster_holds_first_name_initial_and_symbol_only(tablet, kiosk):
    data = tablet.get("/hors-ligne/donnees").json
    assert data["session"] == kiosk.session.id
    assert {p["name"] for p in data["people"]} == {"Fatima B.", "Aurélien P.", "Élodie M."}
    assert set(data["people"][0]) == {"id", "name", "symbol", "label"}
    assert "Benali" not in str(data)


def walk_in(kiosk, first_name="Zoé", item_key=None):
    return {"key": item_key or key(), "kind": "walk_in", "session": kiosk.session.id, "first_name": first_name}


def test_a_visitor_kept_offline_arrives_once_even_after_the_session(tablet, kiosk, db, monkeypatch):
    item = walk_in(kiosk)
    later = clock.now().replace(hour=23, minute=59)  # the network came back after the session's end
    monkeypatch.setattr(clock, "now", lambda: later)
    assert send(tablet, [item]).json["outcomes"] == {item["key"]: "recorded"}
    assert send(tablet, [item]).json["outcomes"] == {item["key"]: "already"}
    db.expire_all()
    assert count(db, WalkIn, session_id=kiosk.session.id) == 1
    assert db.scalars(select(WalkIn.first_name)).all() == ["Zoé"]


def test_a_visitor_whose_name_is_not_a_first_name_is_refused_once(tablet, kiosk, db):
    items = [walk_in(kiosk, "1234"), walk_in(kiosk, ""), walk_in(kiosk, "x" * 500), walk_in(kiosk, None)]
    outcomes = send(tablet, items).json["outcomes"]
    assert set(outcomes.values()) == {"refused"} and len(outcomes) == 4
    assert count(db, WalkIn) == 0


def test_a_visitor_for_a_session_still_to_come_or_of_another_group_is_refused(tablet, kiosk, db, make):
    coming = make.session(group=kiosk.session.group, held_on=clock.today() + dt.timedelta(days=7))
    elsewhere = make.session(group=make.group())
    db.commit()
    items = [dict(walk_in(kiosk), session=coming.id), dict(walk_in(kiosk), session=elsewhere.id)]
    assert set(send(tablet, items).json["outcomes"].values()) == {"refused"}
    assert count(db, WalkIn) == 0


def test_items_for_a_session_they_could_not_have_been_given_in_are_refused_and_counted(tablet, kiosk, db, make):
    """Was: 50 opinions stored in a past session, 50 in a future one and 50 in a session of year 0001."""
    today = clock.today()
    sessions = [make.session(group=kiosk.group, held_on=day)
                for day in (today - dt.timedelta(days=7), today + dt.timedelta(days=1), dt.date(1, 1, 1))]
    db.commit()
    items = [dict(opinion(kiosk), session=s.id) for s in sessions for _ in range(50)]
    items += [dict(checkin(kiosk, kiosk.people[0]), session=s.id) for s in sessions]
    items += [dict(walk_in(kiosk), session=s.id) for s in sessions]
    answer = send(tablet, items)
    assert answer.status_code == 200
    assert answer.json["outcomes"] == {item["key"]: "refused" for item in items}
    for model in (Feedback, Attendance, PendingAttendance, WalkIn):
        assert count(db, model) == 0, model
    [contact] = fresh(db, select(DeviceContact))
    assert contact.refused == len(items)


def test_yesterdays_session_is_accepted_from_a_tablet_offline_overnight(tablet, kiosk, db, make):
    yesterday = make.session(group=kiosk.group, held_on=clock.today() - dt.timedelta(days=1))
    db.commit()
    items = [dict(opinion(kiosk), session=yesterday.id), dict(checkin(kiosk, kiosk.people[0]), session=yesterday.id)]
    outcomes = send(tablet, items).json["outcomes"]
    assert [outcomes[item["key"]] for item in items] == ["recorded", "received"]
    assert count(db, Feedback, session_id=yesterday.id) == 1
    # Signed the day before, received today: past the sign-in window, the facilitator confirms it.
    assert count(db, PendingAttendance, session_id=yesterday.id) == 1
    [contact] = fresh(db, select(DeviceContact))
    assert contact.refused == 0
