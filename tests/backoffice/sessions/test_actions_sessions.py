import datetime as dt
import html
import re

from sqlalchemy import select

from shared.sessions.models import Attendance, AttendanceStatus, Session
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def sessions_of(db, group):
    return db.scalars(select(Session).where(Session.group_id == group.id).order_by(Session.held_on)).all()


# --- generating sessions -------------------------------------------------------------------------

def test_generation_lists_created_and_skipped_dates_with_the_holiday_name(world, login_as, db):
    # May 2026: 2nd and 4th Thursdays are the 14th (Ascension) and the 28th.
    page = login_as(world.facilitator).post("/actions/schedule/", data={
        "group": world.group.id, "start": "2026-05-01", "end": "2026-05-31"})
    body = text(page)
    assert page.status_code == 200
    assert "jeudi 14 mai 2026 : <strong>Ascension</strong>" in body
    assert "jeudi 28 mai 2026" in body
    assert [s.held_on for s in sessions_of(db, world.group)] == [dt.date(2026, 5, 28)]


def test_generating_twice_lists_the_existing_sessions_and_creates_nothing(world, login_as, db):
    client = login_as(world.facilitator)
    data = {"group": world.group.id, "start": "2026-06-01", "end": "2026-06-30"}
    client.post("/actions/schedule/", data=data)
    body = text(client.post("/actions/schedule/", data=data))
    assert "Séances créées (0)" in body and "Déjà prévues (2)" in body
    assert len(sessions_of(db, world.group)) == 2


def test_generation_with_the_end_before_the_start_is_refused(world, login_as, db):
    page = login_as(world.facilitator).post("/actions/schedule/", data={
        "group": world.group.id, "start": "2026-06-30", "end": "2026-06-01"})
    assert page.status_code == 200
    assert "La date de fin de la période est avant sa date de début." in text(page)
    assert sessions_of(db, world.group) == []


def test_generation_with_missing_fields_is_refused(world, login_as, db):
    page = login_as(world.facilitator).post("/actions/schedule/", data={"group": world.group.id, "start": ""})
    assert page.status_code == 200 and text(page).count("Indiquez une date.") == 2
    assert sessions_of(db, world.group) == []


def test_facilitator_cannot_generate_for_another_group(world, other_world, login_as, db):
    client = login_as(world.facilitator)
    assert other_world.group.name not in text(client.get("/actions/schedule/"))
    page = client.post("/actions/schedule/", data={"group": other_world.group.id, "start": "2026-06-01",
                                                   "end": "2026-06-30"})
    assert page.status_code == 200
    assert sessions_of(db, other_world.group) == []


def test_referrer_may_not_generate_sessions(world, login_as):
    assert login_as(world.referrer).get("/actions/schedule/").status_code == 403


# --- taking attendance ---------------------------------------------------------------------------

def started(make, group, today):
    """Today's session, begun this morning (the clock stands at noon): presence may be recorded."""
    return make.session(group, held_on=today, starts_at=dt.time(9, 30), ends_at=dt.time(11, 30))


def test_attendance_screen_has_one_row_per_expected_person(world, make, login_as, today):
    session = make.session(world.group, held_on=today)
    other = make.participant(world.group, first_name="Yves", last_name="Morel")
    page = text(login_as(world.facilitator).get(f"/actions/attendance/{session.id}"))
    assert "BENALI Fatima" in page and "MOREL Yves" in page
    assert page.count('type="radio"') == 2 * 3
    assert f'name="status-{other.id}"' in page


def test_attendance_is_recorded_in_one_submit(world, make, login_as, db, today):
    session = started(make, world.group, today)
    other = make.participant(world.group)
    response = login_as(world.facilitator).post(f"/actions/attendance/{session.id}", data={
        f"status-{world.participant.id}": "present", f"status-{other.id}": "excused"})
    assert response.status_code == 302
    rows = {a.participant_id: a for a in db.scalars(select(Attendance).where(Attendance.session_id == session.id))}
    assert rows[world.participant.id].status is AttendanceStatus.PRESENT
    assert rows[world.participant.id].is_trial is False  # under contract that day
    assert rows[other.id].status is AttendanceStatus.EXCUSED


def test_attendance_can_be_corrected(world, make, login_as, db, today):
    session = started(make, world.group, today)
    make.attendance(session, world.participant, status=AttendanceStatus.PRESENT)
    client = login_as(world.facilitator)
    page = text(client.get(f"/actions/attendance/{session.id}"))
    assert re.search(rf'id="status-{world.participant.id}-present"[^>]*checked', page)  # shows what is stored
    client.post(f"/actions/attendance/{session.id}", data={f"status-{world.participant.id}": "absent"})
    row = db.scalar(select(Attendance).where(Attendance.session_id == session.id))
    db.refresh(row)
    assert row.status is AttendanceStatus.ABSENT


def test_attendance_for_a_person_of_another_group_is_refused_and_nothing_saved(world, other_world, make, login_as,
                                                                               db, today):
    session = started(make, world.group, today)
    page = login_as(world.facilitator).post(f"/actions/attendance/{session.id}", data={
        f"status-{world.participant.id}": "present", f"status-{other_world.participant.id}": "present"})
    body = text(page)
    assert page.status_code == 200 and "n'est pas inscrite dans le groupe de cette séance" in body
    assert other_world.participant.last_name not in body  # no name of someone out of scope
    assert db.scalars(select(Attendance).where(Attendance.session_id == session.id)).all() == []


def test_attendance_with_a_bad_status_or_no_choice_is_refused(world, make, login_as, db, today):
    session = make.session(world.group, held_on=today)
    client = login_as(world.facilitator)
    page = client.post(f"/actions/attendance/{session.id}", data={f"status-{world.participant.id}": "sleeping"})
    assert page.status_code == 200 and "n'est pas valide" in text(page)
    page = client.post(f"/actions/attendance/{session.id}", data={})
    assert page.status_code == 200 and "pour au moins une personne" in text(page)
    page = client.post(f"/actions/attendance/{session.id}", data={"status-abc": "present"})
    assert page.status_code == 200
    assert db.scalars(select(Attendance).where(Attendance.session_id == session.id)).all() == []


def test_attendance_of_a_cancelled_session_is_refused(world, make, login_as, db, today):
    session = make.session(world.group, held_on=today, cancelled=True, cancel_reason="Grève")
    page = login_as(world.facilitator).post(f"/actions/attendance/{session.id}", data={
        f"status-{world.participant.id}": "present"})
    assert page.status_code == 200 and "annulée" in text(page)
    assert db.scalars(select(Attendance).where(Attendance.session_id == session.id)).all() == []


def test_attendance_of_another_groups_session_or_unknown_session_is_not_found(world, other_world, make, login_as,
                                                                               today):
    session = make.session(other_world.group, held_on=today)
    client = login_as(world.facilitator)
    assert client.get(f"/actions/attendance/{session.id}").status_code == 404
    assert client.get("/actions/attendance/999999").status_code == 404


def test_referrer_may_not_take_attendance(world, make, login_as, today):
    session = make.session(world.group, held_on=today)
    assert login_as(world.referrer).get(f"/actions/attendance/{session.id}").status_code == 403
