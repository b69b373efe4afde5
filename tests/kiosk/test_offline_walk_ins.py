"""Visitors kept offline (« Visiteurs à rattacher », the staff's list) are capped per tablet and session (#23):
a queue cannot fill the list; what it sends past the cap is refused and counted for staff."""

from __future__ import annotations

import itertools
import string

from sqlalchemy import select

from shared.kiosk.models import WalkIn
from shared.kiosk.offline import MAX_ITEMS
from shared.kiosk.offline_limits import MAX_WALK_INS_PER_TABLET
from shared.kiosk.offline_models import DeviceContact
from tests.kiosk.conftest import fresh
from tests.kiosk.test_offline_pins import other_tablet
from tests.kiosk.test_offline_sync import count, send, walk_in

# Distinct first names: the same name twice within minutes is one visitor (shared.kiosk.walk_ins).
NAMES = ["Zoé " + "".join(pair).capitalize() for pair in itertools.product(string.ascii_lowercase, repeat=2)]


def test_a_queue_adds_at_most_its_cap_of_visitors_per_session_and_counts_the_rest(tablet, kiosk, db):
    """Was: one queue put 200 visitors in today's « Visiteurs à rattacher »."""
    items = [walk_in(kiosk, name) for name in NAMES[:MAX_ITEMS]]
    outcomes = send(tablet, items).json["outcomes"]
    assert [outcomes[item["key"]] for item in items] == (["recorded"] * MAX_WALK_INS_PER_TABLET
                                                          + ["refused"] * (MAX_ITEMS - MAX_WALK_INS_PER_TABLET))
    assert count(db, WalkIn, session_id=kiosk.session.id, device_id=kiosk.device.id) == MAX_WALK_INS_PER_TABLET
    [contact] = fresh(db, select(DeviceContact))
    assert contact.refused == MAX_ITEMS - MAX_WALK_INS_PER_TABLET
    again = walk_in(kiosk, "Zoé Encore")  # a later batch: still past the cap
    assert send(tablet, [again]).json["outcomes"] == {again["key"]: "refused"}


def test_the_visitors_cap_is_per_tablet_and_a_retry_is_still_answered_already(tablet, kiosk, db, kiosk_app):
    items = [walk_in(kiosk, name) for name in NAMES[:MAX_WALK_INS_PER_TABLET]]
    send(tablet, items)
    assert set(send(tablet, items[:3]).json["outcomes"].values()) == {"already"}  # a retry, not a new visitor
    second, _ = other_tablet(kiosk_app, kiosk, db)
    visitor = walk_in(kiosk, "Zoé Ailleurs")
    assert send(second, [visitor]).json["outcomes"] == {visitor["key"]: "recorded"}
    assert count(db, WalkIn, session_id=kiosk.session.id) == MAX_WALK_INS_PER_TABLET + 1
