"""Small things a tablet user would notice: a visitor counted once, the favicon, reversed text."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from shared import clock
from shared.feedback.models import Feedback
from shared.kiosk.models import WalkIn
from shared.kiosk.tokens import new_form_token

from .conftest import DURING_SESSION, fresh, post, text_of


def test_a_visitor_sent_twice_is_one_visit(tablet, kiosk, db):
    first = post(tablet, "/decouvrir", {"first_name": "Zoé"})
    again = post(tablet, "/decouvrir", {"first_name": " zoé "})
    assert first.status_code == again.status_code == 200
    assert "Bienvenue, Zoé !" in text_of(again)
    rows = fresh(db, select(WalkIn).where(WalkIn.session_id == kiosk.session.id))
    assert [w.first_name for w in rows] == ["Zoé"]


def test_two_visitors_with_different_names_are_two_visits(tablet, kiosk, db):
    post(tablet, "/decouvrir", {"first_name": "Zoé"})
    post(tablet, "/decouvrir", {"first_name": "Paul"})
    rows = fresh(db, select(WalkIn).where(WalkIn.session_id == kiosk.session.id))
    assert sorted(w.first_name for w in rows) == ["Paul", "Zoé"]


def test_the_favicon_is_the_kiosks_own_and_sets_no_cookie(tablet, kiosk):
    page = tablet.get("/").get_data(as_text=True)
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon and icon.group(1).startswith("/static/")
    response = tablet.get(icon.group(1))
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_reversing_characters_never_reach_stored_text(tablet, kiosk, db):
    post(tablet, "/decouvrir", {"first_name": "Zo\u202eé"})
    post(tablet, "/avis", {"scope": "collective", "mood": "3", "text": "Bien\u2067 merci\u2069", "signer": "anonyme",
                                  "token": new_form_token()})
    with clock.frozen_at(DURING_SESSION + dt.timedelta(days=1)):
        tablet.get("/")  # the next day: the anonymous opinion leaves its pool, where it waited sealed
    names = [w.first_name for w in fresh(db, select(WalkIn).where(WalkIn.session_id == kiosk.session.id))]
    texts = [f.text for f in fresh(db, select(Feedback).where(Feedback.session_id == kiosk.session.id))]
    assert names == ["Zoé"] and texts == ["Bien merci"]
