"""Sessions and attendance written from the back-office go through ``shared.sessions``: what a facilitator
sees after each save (issue #10)."""

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from shared import clock
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from tests.backoffice.world import build_world
from tests.pages import text

THIS_MORNING = (dt.time(9, 30), dt.time(11, 30))  # the clock stands at noon on 10/03/2026


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def attendances(db, session):
    db.expire_all()
    return {a.participant_id: a for a in db.scalars(select(Attendance).where(Attendance.session_id == session.id))}


def future_session(make, world, today):
    return make.session(world.group, held_on=dt.date(2026, 12, 10))


# --- Émargements › Créer / Modifier ----------------------------------------------------------------

def test_an_attendance_created_for_a_person_under_contract_is_not_a_trial_and_moves_their_last_contact(
        world, make, login_as, db, today):
    session = make.session(world.group, held_on=today - dt.timedelta(days=1))
    world.participant.last_contact_on = today - dt.timedelta(days=20)
    client = login_as(world.facilitator)
    # What the old form showed: a « Séance d'essai » box, ticked by default.
    response = client.post("/attendance/new/", data={
        "session": session.id, "participant": world.participant.id, "status": "present", "is_trial": "y"})
    assert response.status_code == 302, text(response)[:2000]
    row = attendances(db, session)[world.participant.id]
    assert row.status is AttendanceStatus.PRESENT and row.is_trial is False
    assert row.source is AttendanceSource.STAFF
    db.refresh(world.participant)
    assert world.participant.last_contact_on == session.held_on


def test_the_attendance_form_has_no_trial_box(world, login_as):
    page = text(login_as(world.facilitator).get("/attendance/new/"))
    assert "Séance d'essai" not in page and 'name="is_trial"' not in page


def test_a_presence_at_a_session_not_yet_held_is_refused_next_to_the_field(world, make, login_as, db, today):
    session = future_session(make, world, today)
    before = world.participant.last_contact_on
    response = login_as(world.facilitator).post("/attendance/new/", data={
        "session": session.id, "participant": world.participant.id, "status": "present"})
    page = text(response)
    assert response.status_code == 200
    assert "La séance du 10/12/2026 n'a pas encore commencé" in page
    assert page.index("n'a pas encore commencé") > page.index('name="status"')  # under the field, not on top
    assert attendances(db, session) == {}
    db.refresh(world.participant)
    assert world.participant.last_contact_on == before


def test_an_absence_is_refused_before_the_session_starts_even_on_its_day(world, make, login_as, db, today):
    session = make.session(world.group, held_on=today)  # 14h00, the clock says 12h00
    response = login_as(world.facilitator).post("/attendance/new/", data={
        "session": session.id, "participant": world.participant.id, "status": "absent"})
    assert response.status_code == 200 and "début à 14h00" in text(response)
    assert attendances(db, session) == {}


def test_an_excused_absence_may_be_entered_ahead(world, make, login_as, db, today):
    session = future_session(make, world, today)
    response = login_as(world.facilitator).post("/attendance/new/", data={
        "session": session.id, "participant": world.participant.id, "status": "excused"})
    assert response.status_code == 302
    assert attendances(db, session)[world.participant.id].status is AttendanceStatus.EXCUSED


def test_a_second_attendance_for_the_same_person_and_session_is_refused(world, login_as, db):
    response = login_as(world.facilitator).post("/attendance/new/", data={
        "session": world.session.id, "participant": world.participant.id, "status": "absent"})
    assert response.status_code == 200 and "déjà émargée pour cette séance" in text(response)
    assert attendances(db, world.session)[world.participant.id].status is AttendanceStatus.PRESENT


def test_editing_an_attendance_changes_its_status_only(world, make, login_as, db, today):
    other_session = make.session(world.group, held_on=today - dt.timedelta(days=1))
    other_person = make.participant(world.group)
    client = login_as(world.facilitator)
    page = text(client.get(f"/attendance/edit/?id={world.attendance.id}"))
    assert 'name="status"' in page
    for name in ("session", "participant"):  # shown, greyed
        assert re.search(rf'<input[^>]*\bdisabled\b[^>]*\bname="{name}"|<input[^>]*\bname="{name}"[^>]*\bdisabled', page)
    response = client.post(f"/attendance/edit/?id={world.attendance.id}", data={
        "status": "excused", "session": other_session.id, "participant": other_person.id, "is_trial": "y"})
    assert response.status_code == 302, text(response)[:2000]
    db.refresh(world.attendance)
    assert world.attendance.status is AttendanceStatus.EXCUSED
    assert (world.attendance.session_id, world.attendance.participant_id) == (world.session.id, world.participant.id)
    assert world.attendance.is_trial is False  # recomputed: under contract on the session's day


def test_editing_a_future_excused_absence_into_a_presence_is_refused(world, make, login_as, db, today):
    session = future_session(make, world, today)
    row = make.attendance(session, world.participant, status=AttendanceStatus.EXCUSED)
    response = login_as(world.facilitator).post(f"/attendance/edit/?id={row.id}", data={"status": "present"})
    assert response.status_code == 200 and "n'a pas encore commencé" in text(response)
    db.refresh(row)
    assert row.status is AttendanceStatus.EXCUSED


# --- the attendance sheet --------------------------------------------------------------------------

def test_saving_the_sheet_changes_only_the_row_that_changed(world, make, login_as, db, today):
    session = make.session(world.group, held_on=today, starts_at=THIS_MORNING[0], ends_at=THIS_MORNING[1])
    signed_at = clock.now().replace(hour=9, minute=35)
    people = [world.participant] + [make.participant(world.group) for _ in range(3)]
    for person in people:
        db.add(Attendance(session=session, participant=person, status=AttendanceStatus.PRESENT, is_trial=True,
                          source=AttendanceSource.KIOSK, recorded_at=signed_at))
    db.flush()
    data = {f"status-{p.id}": "present" for p in people} | {f"status-{people[1].id}": "absent"}
    client = login_as(world.facilitator)
    response = client.post(f"/actions/attendance/{session.id}", data=data)
    assert response.status_code == 302
    assert "Présences enregistrées (1 personne)." in text(client.get(response.headers["Location"]))
    rows = attendances(db, session)
    assert rows[people[1].id].status is AttendanceStatus.ABSENT
    assert rows[people[1].id].source is AttendanceSource.STAFF
    for person in (people[0], *people[2:]):
        assert rows[person.id].source is AttendanceSource.KIOSK
        assert rows[person.id].recorded_at.astimezone(clock.CENTRE_TZ) == signed_at
        assert rows[person.id].is_trial is True  # untouched: not even recomputed


def test_the_sheet_of_a_session_not_yet_held_refuses_presences_on_their_rows(world, make, login_as, db, today):
    session = future_session(make, world, today)
    other = make.participant(world.group)
    before = world.participant.last_contact_on
    response = login_as(world.facilitator).post(f"/actions/attendance/{session.id}", data={
        f"status-{world.participant.id}": "present", f"status-{other.id}": "excused"})
    page = text(response)
    assert response.status_code == 200
    assert "Rien n'a été enregistré : 1 ligne à corriger" in page
    assert f'id="row-error-{world.participant.id}"' in page and f'id="row-error-{other.id}"' not in page
    assert "La séance du 10/12/2026 n'a pas encore commencé" in page
    assert attendances(db, session) == {}  # the excused row is not saved alone either
    db.refresh(world.participant)
    assert world.participant.last_contact_on == before


def test_excused_absences_may_be_entered_on_the_sheet_ahead(world, make, login_as, db, today):
    session = future_session(make, world, today)
    response = login_as(world.facilitator).post(f"/actions/attendance/{session.id}", data={
        f"status-{world.participant.id}": "excused"})
    assert response.status_code == 302
    assert attendances(db, session)[world.participant.id].status is AttendanceStatus.EXCUSED


# --- sessions --------------------------------------------------------------------------------------

def _session_form(world, **overrides):
    return {"group": world.group.id, "held_on": "2026-04-02", "starts_at": "14:00", "ends_at": "17:00",
            "title": "Atelier cuisine", "place": "CMS", "capacity": "12"} | overrides


def _sessions_on(db, group, day):
    db.expire_all()
    return db.scalars(select(Session).where(Session.group_id == group.id, Session.held_on == day)).all()


def test_a_session_is_planned_from_the_form(world, login_as, db):
    response = login_as(world.facilitator).post("/session/new/", data=_session_form(world))
    assert response.status_code == 302, text(response)[:2000]
    (session,) = _sessions_on(db, world.group, dt.date(2026, 4, 2))
    assert (session.title, session.capacity, session.starts_at) == ("Atelier cuisine", 12, dt.time(14, 0))


@pytest.mark.parametrize("overrides, message", [
    ({"ends_at": "13:00"}, "L'heure de fin doit être après l'heure de début."),
    ({"capacity": "0"}, "Le nombre de places doit être positif"),
    ({"title": "x" * 150}, "Texte trop long pour l'intitulé : 120 caractères au plus (150 saisis)."),
    ({"cancelled": "y", "cancel_reason": ""}, "Indiquez le motif d'annulation"),
])
def test_a_session_breaking_a_rule_is_refused_next_to_the_field(world, login_as, db, overrides, message):
    response = login_as(world.facilitator).post("/session/new/", data=_session_form(world, **overrides))
    assert response.status_code == 200 and message in text(response)
    assert _sessions_on(db, world.group, dt.date(2026, 4, 2)) == []


def test_a_second_session_of_the_group_on_the_same_day_is_refused(world, login_as, db):
    day = world.session.held_on
    response = login_as(world.facilitator).post("/session/new/", data=_session_form(world, held_on=day.isoformat()))
    assert response.status_code == 200 and f"Ce groupe a déjà une séance le {day:%d/%m/%Y}." in text(response)
    assert len(_sessions_on(db, world.group, day)) == 1


def test_a_session_is_cancelled_with_its_reason_and_keeps_its_attendance(world, login_as, db):
    data = _session_form(world, held_on=world.session.held_on.isoformat(), cancelled="y", cancel_reason="Grève")
    response = login_as(world.facilitator).post(f"/session/edit/?id={world.session.id}", data=data)
    assert response.status_code == 302, text(response)[:2000]
    db.refresh(world.session)
    assert world.session.cancelled and world.session.cancel_reason == "Grève"
    assert world.participant.id in attendances(db, world.session)


def test_a_session_with_attendance_keeps_its_day(world, login_as, db):
    response = login_as(world.facilitator).post(f"/session/edit/?id={world.session.id}",
                                                data=_session_form(world, held_on="2026-03-05"))
    assert response.status_code == 200 and "son groupe et sa date ne changent plus" in text(response)
    db.refresh(world.session)
    assert world.session.held_on != dt.date(2026, 3, 5)


def test_a_session_with_attendance_is_never_deleted(world, login_as, db):
    client = login_as(world.facilitator)
    response = client.post("/session/delete/", data={"id": world.session.id}, follow_redirects=True)
    page = text(response)
    assert "Cette fiche ne peut pas être supprimée" in page and "Annulez-la plutôt" in page
    db.expire_all()
    assert db.get(Session, world.session.id) is not None
    assert db.scalar(select(func.count(Attendance.id)).where(Attendance.session_id == world.session.id)) == 1


def test_a_session_planned_by_mistake_is_deleted(world, make, login_as, db, today):
    mistake = make.session(world.group, held_on=today + dt.timedelta(days=9))
    client = login_as(world.facilitator)
    mistake_id = mistake.id
    client.post("/session/delete/", data={"id": mistake_id})
    db.expunge_all()
    assert db.scalar(select(func.count(Session.id)).where(Session.id == mistake_id)) == 0
