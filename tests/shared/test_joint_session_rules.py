"""The rules of a joint session in ``shared.sessions`` (issue #32), beyond what the back-office tests cover: a guest
group whose people signed in stays invited; a guest group's facilitator does not change the host's session; the
offline tablet of a guest group holds the joint session and every group's people."""

from __future__ import annotations

import datetime as dt

import pytest

from shared import clock
from shared.errors import DomainError
from shared.kiosk.models import Device
from shared.kiosk.offline import offline_roster
from shared.sessions.planning import update_session
from tests.conftest import TODAY
from tests.factories import set_up


@pytest.fixture
def joint(make, db, today):
    host, guest = make.group(name="ID'MIX Tilleuls"), make.group(name="Les Jardins du Nord")
    session = make.session(host, TODAY, guest_groups=[guest])
    return host, guest, session


def values(session, **change):
    return dict(group=session.group, held_on=session.held_on, starts_at=session.starts_at, ends_at=session.ends_at,
                title=session.title, place=session.place) | change


def test_a_guest_group_whose_people_signed_in_stays_invited(db, make, joint):
    host, guest, session = joint
    make.attendance(session, make.participant(guest))
    with pytest.raises(DomainError, match="ont déjà émargé à cette séance"):
        update_session(db, session, **values(session, guest_groups=[]))


def test_a_guest_group_without_anyone_signed_in_may_be_taken_off(db, make, joint):
    host, guest, session = joint
    update_session(db, session, **values(session, guest_groups=[]))
    assert session.guest_groups == [] and not session.is_joint


def test_a_guest_group_s_facilitator_does_not_change_the_host_s_session(db, make, joint):
    host, guest, session = joint
    with pytest.raises(DomainError, match="organisée par le groupe ID'MIX Tilleuls"):
        update_session(db, session, **values(session, title="Autre"), actor=make.facilitator(guest))
    update_session(db, session, **values(session, title="Autre"), actor=make.facilitator(host))
    assert session.title == "Autre"


def test_the_guest_group_s_offline_tablet_holds_the_joint_session_and_both_groups_people(db, make, joint):
    host, guest, session = joint
    amel, gaelle = make.participant(host, first_name="Amel"), make.participant(guest, first_name="Gaëlle")
    device = Device(group=guest, name="Tablette des Jardins", token_hash="x" * 64)
    set_up(db, device)
    roster = offline_roster(db, device, TODAY)
    assert roster["session"] == session.id
    assert {person["id"] for person in roster["people"]} == {amel.id, gaelle.id}


def test_the_host_keeps_its_own_session_day_rule(db, make, joint):
    host, guest, session = joint
    from shared.sessions.planning import plan_session

    with pytest.raises(DomainError, match="Le groupe Les Jardins du Nord a déjà une séance"):
        plan_session(db, group=make.group(), held_on=TODAY, starts_at=dt.time(9), ends_at=dt.time(11),
                     guest_groups=[guest])


def test_a_guest_s_trial_is_counted_against_the_allowance_of_their_own_group(db, make, joint):
    """The host allows three trial sessions, the guest group one: its person's second trial, at the joint session,
    owes a decision, as their page and the dashboard say (``people.status`` counts by their own group)."""
    from shared.sessions.models import AttendanceStatus
    from shared.sessions.operations import record_attendance
    from shared.sessions.rules import trial_allowance_notice

    host, guest, session = joint
    host.trial_allowance, guest.trial_allowance = 3, 1
    gaelle = make.participant(guest, first_name="Gaëlle", last_name="Martin", referred_on=TODAY - dt.timedelta(days=60))
    make.attendance(make.session(guest, TODAY - dt.timedelta(days=14)), gaelle, is_trial=True)
    now = dt.datetime.combine(TODAY, session.ends_at).replace(tzinfo=clock.CENTRE_TZ)
    row = record_attendance(db, session=session, participant=gaelle, status=AttendanceStatus.PRESENT, now=now)
    assert trial_allowance_notice(db, row).startswith(
        "Gaëlle Martin en est à sa 2e séance d'essai, au-delà de la seule prévue par le groupe")
