import datetime as dt

import pytest

from shared.errors import ScheduleError
from shared.sessions.schedule import generate_sessions, nth_weekday, planned_days

D = dt.date


def test_nth_weekday_finds_second_and_fourth_thursdays():
    assert nth_weekday(2026, 5, 3, 2) == D(2026, 5, 14)
    assert nth_weekday(2026, 5, 3, 4) == D(2026, 5, 28)
    assert nth_weekday(2026, 2, 3, 5) is None  # February 2026 has four Thursdays


def test_ascension_thursday_is_skipped_with_its_name(make):
    group = make.group(meeting_weeks="2,4")
    days, skipped = planned_days(group, D(2026, 5, 1), D(2026, 5, 31))
    assert days == [D(2026, 5, 28)]
    assert [(s.day, s.reason) for s in skipped] == [(D(2026, 5, 14), "Ascension")]


def test_christmas_on_a_fourth_thursday_is_skipped(make):
    group = make.group(meeting_weeks="2,4")
    days, skipped = planned_days(group, D(2025, 12, 1), D(2025, 12, 31))
    assert days == [D(2025, 12, 11)]
    assert skipped[0].day == D(2025, 12, 25) and skipped[0].reason == "Noël"


def test_a_year_of_second_and_fourth_thursdays(make):
    group = make.group(meeting_weeks="2,4")
    days, skipped = planned_days(group, D(2026, 1, 1), D(2026, 12, 31))
    assert len(days) + len(skipped) == 24
    assert all(day.weekday() == 3 for day in days)


def test_generating_twice_creates_nothing_twice(db, make):
    group = make.group()
    first = generate_sessions(db, group, D(2026, 1, 1), D(2026, 6, 30))
    second = generate_sessions(db, group, D(2026, 1, 1), D(2026, 6, 30))
    assert len(first.created) == 11  # 12 Thursdays, Ascension skipped
    assert second.created == [] and len(second.already_there) == 11
    assert first.created[0].starts_at == dt.time(14, 0) and first.created[0].ends_at == dt.time(17, 0)


def test_period_ending_before_it_starts_is_refused(make):
    with pytest.raises(ScheduleError, match="avant sa date de début"):
        planned_days(make.group(), D(2026, 6, 1), D(2026, 5, 1))


def test_too_long_a_period_is_refused(make):
    with pytest.raises(ScheduleError, match="trois ans"):
        planned_days(make.group(), D(2026, 1, 1), D(2030, 1, 1))


@pytest.mark.parametrize("text", ["", "6", "0", "deux", "2;4"])
def test_meeting_weeks_must_be_numbers_from_1_to_5(text):
    from shared.groups.models import parse_meeting_weeks

    with pytest.raises(ValueError, match="de 1 à 5"):
        parse_meeting_weeks(text)
