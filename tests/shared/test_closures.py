"""Closure periods and regional holidays at their edges: the schedule skips them and says why."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.errors import DomainError
from shared.groups.closures import add_closure
from shared.groups.operations import update_group
from shared.sessions.schedule import generate_sessions

D = dt.date


def test_a_closure_skips_its_first_and_last_days_and_not_the_days_around(db, make):
    group = make.group(meeting_weeks="1,2,3,4,5", weekday=3)  # every Thursday
    add_closure(db, group=group, starts_on=D(2026, 7, 9), ends_on=D(2026, 7, 23), label="Congés d'été")
    result = generate_sessions(db, group, D(2026, 7, 1), D(2026, 7, 31))
    assert [s.held_on for s in result.created] == [D(2026, 7, 2), D(2026, 7, 30)]
    assert [(s.day, s.reason) for s in result.skipped] == [
        (D(2026, 7, 9), "Fermeture : Congés d'été (du 09/07/2026 au 23/07/2026)"),
        (D(2026, 7, 16), "Fermeture : Congés d'été (du 09/07/2026 au 23/07/2026)"),
        (D(2026, 7, 23), "Fermeture : Congés d'été (du 09/07/2026 au 23/07/2026)"),
    ]


def test_a_one_day_closure_and_another_group_s_closure(db, make):
    group, other = make.group(meeting_weeks="1,2,3,4,5"), make.group(meeting_weeks="1,2,3,4,5")
    add_closure(db, group=group, starts_on=D(2026, 12, 24), ends_on=D(2026, 12, 24), label="Noël")
    add_closure(db, group=other, starts_on=D(2026, 12, 1), ends_on=D(2026, 12, 31), label="Travaux")
    result = generate_sessions(db, group, D(2026, 12, 1), D(2026, 12, 31))
    assert [s.day for s in result.skipped] == [D(2026, 12, 24)]  # the 25th is a Friday
    assert len(result.created) == 4


def test_closure_rules_speak_french(db, make):
    group = make.group()
    with pytest.raises(DomainError, match="avant le premier"):
        add_closure(db, group=group, starts_on=D(2026, 7, 9), ends_on=D(2026, 7, 8), label="Été")
    with pytest.raises(DomainError, match="Indiquez le motif"):
        add_closure(db, group=group, starts_on=D(2026, 7, 9), ends_on=D(2026, 7, 9), label="  ")


def test_a_holiday_inside_a_closure_is_named_as_a_holiday(db, make):
    group = make.group(meeting_weeks="1,2,3,4,5")
    add_closure(db, group=group, starts_on=D(2026, 5, 1), ends_on=D(2026, 5, 31), label="Fermeture de mai")
    skipped = {s.day: s.reason for s in generate_sessions(db, group, D(2026, 5, 1), D(2026, 5, 31)).skipped}
    assert skipped[D(2026, 5, 14)] == "Ascension" and skipped[D(2026, 5, 21)].startswith("Fermeture")


def _fridays(make, region):
    return make.group(meeting_weeks="1", weekday=4, holiday_region=region)  # first Friday of the month


def test_good_friday_is_a_holiday_in_moselle_and_alsace_only(db, make):
    days = {}
    for region in (None, "57", "6AE"):
        result = generate_sessions(db, _fridays(make, region), D(2026, 4, 1), D(2026, 4, 30))
        days[region] = ([s.held_on for s in result.created], [(s.day, s.reason) for s in result.skipped])
    assert days[None] == ([D(2026, 4, 3)], [])
    assert days["57"] == days["6AE"] == ([], [(D(2026, 4, 3), "Vendredi saint")])


def test_saint_stephen_s_day_in_alsace_moselle_on_its_edge(db, make):
    group = make.group(meeting_weeks="4", weekday=5, holiday_region="57")  # 4th Saturday: 26/12/2026
    result = generate_sessions(db, group, D(2026, 12, 26), D(2026, 12, 26))
    assert [(s.day, s.reason) for s in result.skipped] == [(D(2026, 12, 26), "Saint-Étienne")]
    assert generate_sessions(db, make.group(meeting_weeks="4", weekday=5), D(2026, 12, 26), D(2026, 12, 26)).created


@pytest.mark.parametrize(("region", "day", "name"), [
    ("974", D(2024, 12, 20), "Abolition de l'esclavage"),   # La Réunion, a Friday
    ("971", D(2025, 5, 27), "Abolition de l'esclavage"),    # Guadeloupe, a Tuesday
    ("972", D(2026, 5, 22), "Abolition de l'esclavage"),    # Martinique, a Friday
])
def test_overseas_departments_skip_their_own_holidays(db, make, region, day, name):
    week = (day.day - 1) // 7 + 1
    local = make.group(meeting_weeks=str(week), weekday=day.weekday(), holiday_region=region)
    mainland = make.group(meeting_weeks=str(week), weekday=day.weekday())
    assert [(s.day, s.reason) for s in generate_sessions(db, local, day, day).skipped] == [(day, name)]
    assert [s.held_on for s in generate_sessions(db, mainland, day, day).created] == [day]


def test_the_region_is_a_setting_of_the_group_from_the_list(db, make):
    group = make.group()
    values = dict(name=group.name, district=group.district, location=group.location, started_on=group.started_on,
                  meeting_weeks="2,4", weekday=3, meets_from=dt.time(14), meets_until=dt.time(17), trial_allowance=3,
                  checkin_opens_before=30, requires_pin=True, active=True, staff=[])
    update_group(db, group, **values, reminders={"holiday_region": "974", "morning_reminder_at": dt.time(9)})
    assert group.holiday_region == "974" and group.morning_reminder_at == dt.time(9)
    with pytest.raises(DomainError, match="région"):
        update_group(db, group, **values, reminders={"holiday_region": "Corse"})
    with pytest.raises(DomainError, match="avant le début"):
        update_group(db, group, **values, reminders={"morning_reminder_at": dt.time(14, 30)})
