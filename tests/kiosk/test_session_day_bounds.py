"""The kiosk takes no date from anyone (its day is the server's), and never announces a session dated past a
session's bound: one typed 31/12/9999 before the rule (issue #23, point 11) is not « Prochaine séance »."""

import datetime as dt

from shared import clock

from .conftest import text_of


def test_a_session_dated_year_9999_is_never_announced_as_the_next_one(tablet, kiosk, make, db):
    kiosk.session.held_on = clock.today() - dt.timedelta(days=5)
    make.session(group=kiosk.group, held_on=dt.date(9999, 12, 31))  # kept from before the rule
    db.commit()
    home = text_of(tablet.get("/"))
    assert "Pas de séance aujourd'hui" in home and "Prochaine séance" not in home and "9999" not in home
    refused = tablet.get("/signer")
    assert refused.status_code == 409 and "9999" not in text_of(refused)


def test_the_next_session_within_the_bound_is_announced_before_a_typo(tablet, kiosk, make, db):
    kiosk.session.held_on = clock.today() - dt.timedelta(days=5)
    make.session(group=kiosk.group, held_on=dt.date(9999, 12, 31))
    make.session(group=kiosk.group, held_on=clock.today() + dt.timedelta(days=9))
    db.commit()
    assert "Prochaine séance\u00a0: jeudi 19 mars" in text_of(tablet.get("/"))
