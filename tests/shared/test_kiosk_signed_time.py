"""The time of an offline sign-in as the tablet gives it: kept only when plausible (shared.kiosk.offline_limits)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from shared import clock
from shared.kiosk.offline_limits import SIGNED_AT_MARGIN, signed_time

DAY = dt.date(2026, 3, 10)
SESSION = SimpleNamespace(held_on=DAY, group=SimpleNamespace(checkin_opens_before=30),
                          opens_at=lambda before: dt.datetime(2026, 3, 10, 14, 0, tzinfo=clock.CENTRE_TZ)
                          - dt.timedelta(minutes=before),
                          closes_at=lambda: dt.datetime(2026, 3, 10, 17, 0, tzinfo=clock.CENTRE_TZ))
NOW = dt.datetime(2026, 3, 10, 19, 0, tzinfo=clock.CENTRE_TZ)
OPENS = dt.datetime(2026, 3, 10, 13, 30, tzinfo=clock.CENTRE_TZ)
CLOSES = dt.datetime(2026, 3, 10, 17, 0, tzinfo=clock.CENTRE_TZ)


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat()


@pytest.mark.parametrize("moment", [OPENS - SIGNED_AT_MARGIN, OPENS, CLOSES, CLOSES + SIGNED_AT_MARGIN,
                                    dt.datetime(2026, 3, 10, 15, 12, 7, tzinfo=clock.CENTRE_TZ)])
def test_a_time_within_the_sign_in_hours_and_their_margin_is_kept(moment):
    assert signed_time(iso(moment), SESSION, NOW) == moment


@pytest.mark.parametrize("moment", [OPENS - SIGNED_AT_MARGIN - dt.timedelta(seconds=1),
                                    CLOSES + SIGNED_AT_MARGIN + dt.timedelta(seconds=1),
                                    dt.datetime(2026, 3, 9, 15, 0, tzinfo=clock.CENTRE_TZ),
                                    NOW + dt.timedelta(seconds=1)])
def test_a_time_outside_the_session_or_after_the_server_time_is_replaced_by_now(moment):
    assert signed_time(iso(moment), SESSION, NOW) == NOW


def test_a_time_in_the_future_of_the_server_is_never_kept_even_inside_the_session():
    now = dt.datetime(2026, 3, 10, 14, 0, tzinfo=clock.CENTRE_TZ)
    assert signed_time(iso(now + dt.timedelta(minutes=30)), SESSION, now) == now


@pytest.mark.parametrize("claimed", [None, 12, 1.5, True, [], {}, "", "hier", "2026-03-10T15:00", "2026-03-10",
                                     "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "x" * 10_000])
def test_a_missing_naive_or_damaged_time_is_replaced_by_now(claimed):
    assert signed_time(claimed, SESSION, NOW) == NOW
