"""What a person's list row and page read beside their own fields (``with_list_summary``): sessions attended
(present only), the last one, and who referred them last, even when two referrals share a day."""

import datetime as dt

from sqlalchemy import select

from shared.people.models import Participant, Referral
from shared.people.queries import with_list_summary
from shared.sessions.models import AttendanceStatus
from tests.factories import set_up


def summary(db, person):
    db.flush()
    db.expunge_all()  # read as a new request would, not from the identity map
    row = db.scalars(select(Participant).where(Participant.id == person.id).options(*with_list_summary())).one()
    return row.listed_attended, row.listed_last_attended_on, row.listed_referrer_name


def test_a_new_person_has_attended_nothing_and_names_their_referrer(db, make):
    person = make.participant(referrer=make.referrer(first_name="Anne", last_name="Premier"))
    assert summary(db, person) == (0, None, "Anne Premier")


def test_only_present_sessions_count_and_the_latest_referral_names_the_referrer(db, make, today):
    group = make.group()
    person = make.participant(group, referrer=make.referrer(first_name="Anne", last_name="Premier"),
                              referred_on=today - dt.timedelta(days=90))
    later = make.referrer(first_name="Inès", last_name="Second")
    same_day = make.referrer(first_name="Léa", last_name="Troisième")
    for referrer in (later, same_day):  # the same day: the last one recorded is the latest
        db.add(Referral(participant=person, referrer=referrer, group=group, referred_on=today - dt.timedelta(days=10)))
    held = [today - dt.timedelta(days=days) for days in (30, 20, 5)]
    for day, status in zip(held, (AttendanceStatus.PRESENT, AttendanceStatus.PRESENT, AttendanceStatus.ABSENT)):
        make.attendance(make.session(group, held_on=day), person, status=status)
    assert summary(db, person) == (2, held[1], "Léa Troisième")


def test_the_open_files_count_is_everyone_but_the_closed(db, make, today):
    from sqlalchemy import func

    from shared.people.queries import open_files_count

    group = make.group()
    people = [make.participant(group) for _ in range(3)]
    people[0].closed_on = today
    set_up(db)
    everyone = select(func.count()).select_from(Participant).where(Participant.group_id == group.id)
    assert db.scalar(select(open_files_count(everyone))) == 2
