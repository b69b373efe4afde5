"""What the lists compute for a page of rows (one query each, bench/list_pages.py) is what a user should read:
the people's latest referrer and sessions attended, the sessions' present counts, and the number of feedback
items staff may read (anonymous ones of a day not over yet left out, whoever asks and whatever the filter)."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

from sqlalchemy import func, select

from shared import clock
from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.feedback.queries import visible_to_staff
from shared.people.models import Referral
from shared.sessions.models import AttendanceStatus
from shared.staff.models import Role
from tests.pages import listed


def _row(page: str, text: str) -> str:
    rows = [row for row in re.findall(r"<tr>(.*?)</tr>", page, re.S) if text in row]
    assert len(rows) == 1, f"one row with {text!r}"
    return re.sub(r"\s+", " ", html.unescape(rows[0]))


def test_the_people_list_shows_the_latest_referrer_and_the_sessions_attended(make, db, login_as):
    group = make.group()
    first, second = make.referrer(first_name="Anne", last_name="Premier"), make.referrer(first_name="Inès",
                                                                                        last_name="Second")
    person = make.participant(group, referrer=first, last_name="Zébulon",
                              referred_on=clock.today() - dt.timedelta(days=90))
    db.add(Referral(participant=person, referrer=second, group=group,
                    referred_on=clock.today() - dt.timedelta(days=10)))
    held = [clock.today() - dt.timedelta(days=days) for days in (30, 20, 5)]
    for day, status in zip(held, (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)):
        make.attendance(make.session(group, held_on=day), person, status=status)
    db.flush()
    client = login_as(make.staff(Role.ADMIN))
    page = client.get(f"/participant/?flt0_groupe_equals={group.id}").get_data(as_text=True)
    row = _row(page, "Zébulon")
    assert "Inès Second" in row and "Anne Premier" not in row
    assert f"<td>2</td><td>{held[1]:%d/%m/%Y}</td>" in row  # two sessions present, the last one of them
    details = re.sub(r"\s+", " ", html.unescape(client.get(f"/participant/details/?id={person.id}").get_data(as_text=True)))
    for label, value in (("Orienté(e) par", "Inès Second"), ("Séances suivies", "2"),
                         ("Dernière présence", f"{held[1]:%d/%m/%Y}")):
        assert re.search(rf"{re.escape(label)}\s*</t[dh]>\s*<td>\s*{re.escape(value)}\s*</td>", details), label


def test_the_sessions_list_counts_who_was_present(make, db, login_as):
    group = make.group()
    session = make.session(group, held_on=clock.today() - dt.timedelta(days=3), capacity=4, title="Atelier Zinnia")
    for status in (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.ABSENT):
        make.attendance(session, make.participant(group), status=status)
    db.flush()
    page = login_as(make.facilitator(group)).get(f"/session/?flt0_groupe_equals={group.id}").get_data(as_text=True)
    assert "2 / 4" in _row(page, "Atelier Zinnia")


def test_the_feedback_count_leaves_out_what_staff_may_not_read_yet(make, db, login_as):
    today = clock.today()
    group, other_group = make.group(), make.group()
    person = make.participant(group)

    def item(session, participant=None):
        db.add(Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.PERSONAL,
                        mood=Mood.GOOD, text="Bien", participant_id=participant.id if participant else None,
                        status=FeedbackStatus.NEW))

    past, now = make.session(group, held_on=today - dt.timedelta(days=7)), make.session(group, held_on=today)
    item(past), item(past, person), item(now, person), item(now), item(now)  # readable: 3; anonymous of today: 2
    elsewhere = make.session(other_group, held_on=today - dt.timedelta(days=7))
    item(elsewhere), item(make.session(other_group, held_on=today))  # another group's: 1 readable, 1 not yet
    db.flush()
    admin = login_as(make.staff(Role.ADMIN))
    everything = listed(admin.get("/feedback/"))
    assert everything == db.scalar(select(func.count()).select_from(Feedback).where(visible_to_staff(today)))
    assert everything == listed(admin.get("/feedback/?flt0_suivi_equals=new"))
    facilitator = login_as(make.facilitator(group))
    assert listed(facilitator.get("/feedback/")) == 3
    assert listed(facilitator.get("/feedback/?flt0_suivi_equals=new")) == 3
    assert listed(facilitator.get("/feedback/?search=Bien")) == 3


def test_an_anonymous_opinion_of_a_session_with_fewer_than_three_present_is_marked_as_recognisable(make, db, login_as):
    from backoffice.feedback.views import FEW_PRESENT

    today = clock.today()
    group = make.group()
    people = [make.participant(group) for _ in range(3)]
    few, enough = (make.session(group, held_on=today - dt.timedelta(days=days)) for days in (7, 14))
    for person in people[:2]:
        make.attendance(few, person)
    make.attendance(few, people[2], status=AttendanceStatus.ABSENT)
    for person in people:
        make.attendance(enough, person)
    for session, text in ((few, "Peu nombreux"), (enough, "Assez nombreux")):
        db.add(Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.COLLECTIVE,
                        mood=Mood.GOOD, text=text, participant_id=None, status=FeedbackStatus.NEW))
    db.flush()
    page = login_as(make.facilitator(group)).get("/feedback/").get_data(as_text=True)
    FEW_PRESENT = FEW_PRESENT.replace("\u00a0", " ")  # _row reads every space as a plain one
    assert FEW_PRESENT in _row(page, "Peu nombreux") and FEW_PRESENT not in _row(page, "Assez nombreux")
