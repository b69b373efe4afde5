"""Every date a person reads is written by shared.dates: JJ/MM/AAAA, « jeudi 10 décembre 2026 », « 14h00 »,
a stored timestamp at the centre's time (not UTC's), « 1er » for the first of a month."""

from __future__ import annotations

import datetime as dt

from shared.dates import fr, fr_at, fr_compact, fr_datetime, fr_day, fr_long, fr_long_without_year, fr_time

NEW_YEAR_UTC = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.timezone.utc)  # 00h30 on 1 January in Paris


def test_a_day_is_written_jj_mm_aaaa_and_no_day_is_a_dash():
    assert fr(dt.date(2026, 3, 5)) == "05/03/2026" and fr(None) == "—"


def test_a_stored_timestamp_is_written_on_the_centre_s_day_and_hour():
    assert fr(NEW_YEAR_UTC) == "01/01/2027"
    assert fr_time(NEW_YEAR_UTC) == "00h30" and fr_at(NEW_YEAR_UTC) == "01/01/2027 à 00h30"
    assert fr_datetime(NEW_YEAR_UTC) == "01/01/2027 00:30"


def test_long_dates_say_the_weekday_and_1er():
    assert fr_long(dt.date(2027, 6, 1)) == "mardi 1er juin 2027" and fr_day(dt.date(2025, 12, 31)) == "31 décembre 2025"
    assert fr_long_without_year(dt.date(2026, 3, 19)) == "jeudi 19 mars"
    assert fr_long_without_year(dt.date(2027, 6, 1)) == "mardi 1er juin"


def test_a_time_of_day_and_a_chart_axis():
    assert fr_time(dt.time(9, 5)) == "09h05" and fr_compact(dt.date(2026, 3, 5)) == "05/03/26"
