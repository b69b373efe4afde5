"""A session's attendance screens list only the people referred by its day; each row says whether it came
from the tablet, is to confirm, or is a trial; a trial past the group's allowance is saved and says that a
decision is due (issue #22)."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared import clock
from shared.kiosk.offline_models import PendingAttendance
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus
from tests.backoffice.actions_fixtures import world  # noqa: F401
from tests.pages import text
from tests.typography import typography_faults


def rows_of(db, session):
    db.expire_all()
    return {a.participant_id: a for a in db.scalars(select(Attendance).where(Attendance.session_id == session.id))}


def row_html(page: str, person) -> str:
    start = page.index(f"{person.last_name.upper()} {person.first_name}")
    return page[start:page.index("</tr>", start)]


@pytest.fixture
def last_week(world, make, today):
    return make.session(world.group, held_on=today - dt.timedelta(days=6))


@pytest.fixture
def late(world, make, today):
    """Referred two days ago, after last week's session."""
    return make.participant(world.group, referrer=world.referrer, first_name="Yves", last_name="Morel",
                            referred_on=today - dt.timedelta(days=2))


def test_the_sheet_lists_only_people_referred_by_the_sessions_day_and_says_so(world, last_week, late, login_as,
                                                                                today):
    page = text(login_as(world.facilitator).get(f"/actions/attendance/{last_week.id}"))
    assert "BENALI Fatima" in page and "MOREL Yves" not in page and f'name="status-{late.id}"' not in page
    note = re.search(r'id="left-off">(.*?)</p>', page, re.S)[1]
    assert f"1 personne du groupe, orientée après le {last_week.held_on:%d/%m/%Y}, ne figure pas" in note
    assert typography_faults(page) == []


def test_todays_sheet_lists_everyone_and_says_nothing(world, make, late, login_as, today):
    session = make.session(world.group, held_on=today)
    page = text(login_as(world.facilitator).get(f"/actions/attendance/{session.id}"))
    assert "MOREL Yves" in page and 'id="left-off"' not in page


def test_a_forged_row_for_a_person_not_yet_referred_is_refused_and_nothing_saved(world, last_week, late, login_as,
                                                                                 db):
    response = login_as(world.facilitator).post(f"/actions/attendance/{last_week.id}", data={
        f"status-{world.participant.id}": "present", f"status-{late.id}": "present"})
    assert response.status_code == 200 and "rechargez la page" in text(response)
    assert rows_of(db, last_week) == {}


def test_the_attendance_form_refuses_a_session_before_the_referral_next_to_the_person(world, last_week, late,
                                                                                      login_as, db):
    response = login_as(world.facilitator).post("/attendance/new/", data={
        "session": last_week.id, "participant": late.id, "status": "present"})
    page = text(response)
    assert response.status_code == 200
    assert (f"Yves Morel a été orienté(e) vers ce groupe le {late.referrals[0].referred_on:%d/%m/%Y}, après la "
            f"séance du {last_week.held_on:%d/%m/%Y}\u00a0: on ne note pas de présence avant l'orientation.") in page
    assert rows_of(db, last_week) == {}


def test_the_printed_sign_in_sheet_lists_only_people_referred_by_the_sessions_day(world, last_week, late, login_as):
    page = text(login_as(world.facilitator).get(f"/actions/print/session/{last_week.id}"))
    assert "benali" in page.lower() and "morel" not in page.lower()


def test_rows_say_tablet_to_confirm_and_trial(world, make, login_as, db, today):
    session = make.session(world.group, held_on=today, starts_at=dt.time(9, 30), ends_at=dt.time(11, 30))
    newcomer = make.participant(world.group, first_name="Aïcha", last_name="Traoré")
    offline = make.participant(world.group, first_name="Paul", last_name="Roux")
    db.add(Attendance(session=session, participant=world.participant, status=AttendanceStatus.PRESENT,
                      is_trial=False, source=AttendanceSource.KIOSK,
                      recorded_at=dt.datetime.combine(today, dt.time(9, 25), tzinfo=clock.CENTRE_TZ)))
    db.add(PendingAttendance(session=session, participant=offline, reason="Code non vérifié",
                             signed_at=dt.datetime.combine(today, dt.time(9, 20), tzinfo=clock.CENTRE_TZ)))
    db.commit()
    page = text(login_as(world.facilitator).get(f"/actions/attendance/{session.id}"))
    contract_row, newcomer_row, offline_row = (row_html(page, p) for p in (world.participant, newcomer, offline))
    assert 'data-mark="tablet"' in contract_row and "Tablette 09h25" in contract_row
    assert 'data-mark="trial"' not in contract_row  # under contract that day
    assert 'data-mark="trial"' in newcomer_row and 'data-mark="tablet"' not in newcomer_row
    assert 'data-mark="pending"' in offline_row and "À confirmer" in offline_row
    assert 'data-mark="pending"' not in newcomer_row
    assert 'id="attendance-legend"' in page
    assert typography_faults(page) == []


def test_a_trial_past_the_allowance_is_saved_with_a_warning_pointing_to_the_decision(world, make, login_as, db,
                                                                                    today):
    newcomer = make.participant(world.group, first_name="Aïcha", last_name="Traoré",
                                referred_on=today - dt.timedelta(days=90))
    for days in (56, 42, 28):
        make.attendance(make.session(world.group, held_on=today - dt.timedelta(days=days)), newcomer)
    session = make.session(world.group, held_on=today - dt.timedelta(days=14))
    client = login_as(world.facilitator)
    page = text(client.get(f"/actions/attendance/{session.id}"))
    assert "Essais terminés\u00a0: décision à prendre" in row_html(page, newcomer)
    response = client.post(f"/actions/attendance/{session.id}", data={f"status-{newcomer.id}": "present"},
                           follow_redirects=True)
    page = text(response)
    assert rows_of(db, session)[newcomer.id].status is AttendanceStatus.PRESENT  # saved all the same
    assert "Aïcha Traoré en est à sa 4e séance d'essai, au-delà des 3 prévues par le groupe" in page
    assert "un contrat, ou non" in page
    assert f'href="/participant/details/?id={newcomer.id}">Voir sa fiche</a>' in page
    assert typography_faults(page) == []


def test_the_attendance_form_warns_of_a_trial_past_the_allowance(world, make, login_as, db, today):
    newcomer = make.participant(world.group, first_name="Aïcha", last_name="Traoré",
                                referred_on=today - dt.timedelta(days=90))
    for days in (56, 42, 28):
        make.attendance(make.session(world.group, held_on=today - dt.timedelta(days=days)), newcomer)
    session = make.session(world.group, held_on=today - dt.timedelta(days=14))
    response = login_as(world.facilitator).post("/attendance/new/", data={
        "session": session.id, "participant": newcomer.id, "status": "present"}, follow_redirects=True)
    assert "en est à sa 4e séance d'essai" in text(response)
    assert rows_of(db, session)[newcomer.id].is_trial


def test_a_trial_within_the_allowance_gets_no_warning(world, make, login_as, db, today):
    newcomer = make.participant(world.group, first_name="Aïcha", last_name="Traoré",
                                referred_on=today - dt.timedelta(days=90))
    session = make.session(world.group, held_on=today - dt.timedelta(days=14))
    response = login_as(world.facilitator).post(f"/actions/attendance/{session.id}",
                                                data={f"status-{newcomer.id}": "present"}, follow_redirects=True)
    assert "Présences enregistrées (1 personne)" in text(response) and "séance d'essai, au-delà" not in text(response)


def test_a_row_recorded_before_the_rule_for_someone_not_yet_referred_is_shown_and_never_taken_again(
        world, make, last_week, late, login_as, db):
    make.attendance(last_week, late, status=AttendanceStatus.PRESENT)  # written before the rule existed
    client = login_as(world.facilitator)
    page = text(client.get(f"/actions/attendance/{last_week.id}"))
    row = row_html(page, late)
    assert 'data-mark="out-of-group"' in row and "Pas dans le groupe ce jour-là" in row
    assert row.count(" disabled") == 3
    assert 'data-out-of-group' in page[page.rindex("<tr", 0, page.index("MOREL Yves")):page.index("MOREL Yves")]
    assert 'data-mark="out-of-group"' not in row_html(page, world.participant)
    assert 'id="left-off"' not in page  # on the sheet, though not taken again
    response = client.post(f"/actions/attendance/{last_week.id}", data={f"status-{world.participant.id}": "present"})
    assert response.status_code == 302
    assert rows_of(db, last_week)[world.participant.id].status is AttendanceStatus.PRESENT


def test_a_forged_change_of_a_row_recorded_for_someone_not_yet_referred_is_refused(world, make, last_week, late,
                                                                                   login_as, db):
    make.attendance(last_week, late, status=AttendanceStatus.PRESENT)
    response = login_as(world.facilitator).post(f"/actions/attendance/{last_week.id}", data={
        f"status-{late.id}": "absent", f"status-{world.participant.id}": "present"})
    page = text(response)
    assert response.status_code == 200 and "Rien n'a été enregistré" in page
    assert "on ne note pas de présence avant l'orientation" in row_html(page, late)
    rows = rows_of(db, last_week)
    assert rows[late.id].status is AttendanceStatus.PRESENT and world.participant.id not in rows
