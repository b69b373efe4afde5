"""What a tablet's offline queue may name and add (shared.kiosk.offline_limits)."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.db import MAX_ID
from shared.kiosk.offline_limits import could_be_given_in, is_database_id
from shared.sessions.models import Session

TODAY = dt.date(2026, 3, 10)


@pytest.mark.parametrize("value", [1, 42, MAX_ID])
def test_a_number_a_row_could_have_is_an_id(value):
    assert is_database_id(value)


@pytest.mark.parametrize("value", [0, -1, MAX_ID + 1, 2**63, 10**30, True, False, 1.0, "12", None, [1]])
def test_anything_else_is_not_an_id(value):
    assert not is_database_id(value)


@pytest.mark.parametrize("held_on, accepted", [
    (TODAY, True), (TODAY - dt.timedelta(days=1), True), (TODAY - dt.timedelta(days=2), False),
    (TODAY + dt.timedelta(days=1), False), (dt.date(1, 1, 1), False), (dt.date(9999, 12, 31), False),
])
def test_offline_items_belong_to_today_s_or_yesterday_s_session_only(held_on, accepted):
    assert could_be_given_in(Session(held_on=held_on), TODAY) is accepted
