"""Issue #26 finding 9: a sign-in kept offline carries the tablet's time of signing, kept when plausible.

Plausible: the session's day, not after the server's own time, within the session's sign-in hours with a
margin (``shared.kiosk.offline_limits.SIGNED_AT_MARGIN``). Anything else falls back to the time of receipt.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.kiosk.offline_models import PendingAttendance
from shared.kiosk.times import aware
from shared.sessions.models import Attendance
from tests.kiosk.conftest import DURING_SESSION, fresh
from tests.kiosk.test_offline_sync import checkin, send

AFTER_SESSION = DURING_SESSION.replace(hour=18, minute=40)  # the network came back after the session's end


def signed(item, moment):
    return dict(item, signed_at=moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z"))


def local(moment):
    return aware(moment).astimezone(clock.CENTRE_TZ)


def test_a_sign_in_sent_after_the_session_keeps_the_time_the_person_signed(tablet, kiosk, db):
    person = kiosk.people[0]
    at = DURING_SESSION.replace(hour=14, minute=5)
    with clock.frozen_at(AFTER_SESSION):
        assert send(tablet, [signed(checkin(kiosk, person), at)]).status_code == 200
    [attendance] = fresh(db, select(Attendance).where(Attendance.participant_id == person.id))
    assert local(attendance.recorded_at) == at
    assert fresh(db, select(PendingAttendance)) == []  # signed in the window: no « à confirmer »


def test_a_wrong_pin_kept_offline_shows_staff_the_time_it_was_typed(tablet, kiosk, db):
    at = DURING_SESSION.replace(hour=14, minute=12)
    with clock.frozen_at(AFTER_SESSION):
        send(tablet, [signed(checkin(kiosk, kiosk.people[1], pin="0000"), at)])
    [pending] = fresh(db, select(PendingAttendance))
    assert local(pending.signed_at) == at


@pytest.mark.parametrize("claimed", [
    AFTER_SESSION + dt.timedelta(hours=1),            # in the future of the server
    DURING_SESSION - dt.timedelta(days=1),            # another day
    DURING_SESSION.replace(hour=9, minute=0),         # hours before the sign-in opens
    DURING_SESSION.replace(hour=18, minute=50),       # long after the end
])
def test_an_implausible_tablet_time_is_replaced_by_the_time_of_receipt(tablet, kiosk, db, claimed):
    person = kiosk.people[0]
    now = AFTER_SESSION.replace(minute=55)
    with clock.frozen_at(now):
        send(tablet, [signed(checkin(kiosk, person), claimed)])
    rows = fresh(db, select(Attendance).where(Attendance.participant_id == person.id))
    pending = fresh(db, select(PendingAttendance))
    kept = [local(r.recorded_at) for r in rows] + [local(p.signed_at) for p in pending]
    assert kept == [now]


@pytest.mark.parametrize("garbage", ["hier", "", 12, None, ["2026-01-01"], "9999-99-99T99:99", "0001-01-01T00:00Z",
                                     "2026-03-10T14:05"])
def test_a_damaged_tablet_time_is_never_a_500_and_falls_back_to_receipt(tablet, kiosk, db, garbage):
    person = kiosk.people[0]
    answer = send(tablet, [dict(checkin(kiosk, person), signed_at=garbage)])
    assert answer.status_code == 200 and set(answer.json["outcomes"].values()) == {"received"}
    [attendance] = fresh(db, select(Attendance).where(Attendance.participant_id == person.id))
    assert local(attendance.recorded_at) == DURING_SESSION


def test_a_tablet_time_cannot_open_a_window_the_server_time_has_not_reached(tablet, kiosk, db):
    """Sent before the sign-in opens with a time inside the window: it is in the server's future, refused."""
    early = DURING_SESSION.replace(hour=12, minute=0)
    with clock.frozen_at(early):
        send(tablet, [signed(checkin(kiosk, kiosk.people[0]), DURING_SESSION)])
    assert fresh(db, select(Attendance)) == []
    [pending] = fresh(db, select(PendingAttendance))
    assert local(pending.signed_at) == early
