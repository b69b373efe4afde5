"""The sessions' feed as staff calendars read it: Thunderbird's ical.js and vobject, never icalendar (which wrote
it). Every event's instant is the Europe/Paris time ``zoneinfo`` computes, winter and summer, either side of
each change; UIDs are this installation's own and stay the same from one download to the next."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from shared.clock import CENTRE_TZ
from shared.groups.calendar_feeds import create_feed
from tests.backoffice.actions_fixtures import world  # noqa: F401
from tests.readers.calendars import read_with_ical_js, read_with_vobject

# Winter, the day after the spring change (29 March 2026), summer, the days around the autumn one (25 October).
DAYS = [dt.date(2026, 1, 15), dt.date(2026, 3, 10), dt.date(2026, 3, 28), dt.date(2026, 3, 29),
        dt.date(2026, 3, 30), dt.date(2026, 7, 9), dt.date(2026, 10, 22), dt.date(2026, 10, 24),
        dt.date(2026, 10, 25), dt.date(2026, 10, 26), dt.date(2027, 7, 8)]
START, END = dt.time(14, 0), dt.time(16, 30)


@pytest.fixture
def feed(world, make, app, db):
    """The feed's bytes and the Paris times each session is expected at, by session id."""
    expected = {}
    for day in DAYS:
        session = make.session(world.group, held_on=day, starts_at=START, ends_at=END)
        expected[session.id] = (dt.datetime.combine(day, START, tzinfo=CENTRE_TZ),
                                dt.datetime.combine(day, END, tzinfo=CENTRE_TZ))
    _, token = create_feed(db, world.group, world.facilitator)
    db.commit()
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    return response.data, expected


def by_session(events: dict) -> dict[int, tuple[dt.datetime, dt.datetime]]:
    return {int(re.match(r"session-(\d+)\b", uid).group(1)): times for uid, times in events.items()}


@pytest.mark.parametrize("reader", [read_with_ical_js, read_with_vobject], ids=["ical.js", "vobject"])
def test_every_session_reads_at_its_paris_time_in_winter_and_summer(feed, reader):
    body, expected = feed
    read = by_session(reader(body))
    assert set(read) == set(expected)
    for session_id, (start, end) in expected.items():
        assert read[session_id] == (start, end), f"{start:%d/%m/%Y}: read {read[session_id][0]:%H:%M} UTC"


def test_a_july_session_at_14h_is_at_12h_utc_for_thunderbird(feed):
    body, expected = feed
    july = next(i for i, (start, _) in expected.items() if start.date() == dt.date(2026, 7, 9))
    assert by_session(read_with_ical_js(body))[july][0] == dt.datetime(2026, 7, 9, 12, 0, tzinfo=dt.timezone.utc)


def test_the_time_zone_is_written_by_its_rules_not_as_a_list_of_dates(feed):
    body = feed[0].decode()
    zone = body[body.index("BEGIN:VTIMEZONE"):body.index("END:VTIMEZONE")]
    assert "RDATE" not in zone
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in zone and "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in zone
    assert body.index("BEGIN:VTIMEZONE") < body.index("BEGIN:VEVENT")


def test_uids_are_the_same_at_every_download(feed, app):
    body, _ = feed
    assert set(read_with_vobject(body)) == set(read_with_vobject(body))


def test_two_installations_never_share_a_uid(world, make, app, db, monkeypatch):
    make.session(world.group, held_on=dt.date(2026, 3, 12))
    _, token = create_feed(db, world.group, world.facilitator)
    db.commit()
    uids = []
    for installation, host in (("premier-departement", "idmix.cd01.fr"), ("second-departement", "idmix.cd02.fr")):
        monkeypatch.setenv("IDMIX_INSTALLATION_ID", installation)
        monkeypatch.setenv("IDMIX_BASE_URL", f"https://{host}")
        first = set(read_with_vobject(app.test_client().get(f"/calendar/{token}.ics").data))
        again = set(read_with_vobject(app.test_client().get(f"/calendar/{token}.ics").data))
        assert first == again and all(uid.endswith(f"@{host}") for uid in first)
        uids.append(first)
    assert not uids[0] & uids[1]


def test_same_host_other_installation_still_differs(world, make, app, db, monkeypatch):
    """Two departments behind one host name (or none configured) still get their own UIDs."""
    make.session(world.group, held_on=dt.date(2026, 3, 12))
    _, token = create_feed(db, world.group, world.facilitator)
    db.commit()
    monkeypatch.delenv("IDMIX_BASE_URL", raising=False)
    uids = []
    for installation in ("a", "b"):
        monkeypatch.setenv("IDMIX_INSTALLATION_ID", installation)
        uids.append(set(read_with_vobject(app.test_client().get(f"/calendar/{token}.ics").data)))
    assert not uids[0] & uids[1]
    assert not any(uid.endswith("@idmix") for uid in uids[0])
