"""The demo reads true to its dates: seasonal sessions in their season, opinions whose words match
their face, and every referring social worker can be chosen (a contact without a sign-in)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from shared import clock
from shared.demo.loader import load_demo
from shared.feedback.models import Feedback, Mood
from shared.kiosk.symbols import BY_KEY
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.staff.models import REFERRER_JOBS, StaffMember
from tests.factories import directly

SEASONS = {"Marché de Noël": {12}, "Semis de printemps": {3, 4}, "Récolte au potager": {6, 7, 8, 9}}
COMPLAINTS = ("trop de bruit", "coupent la parole")


@pytest.fixture(params=[dt.date(2026, 3, 12), dt.date(2026, 9, 10)], ids=["march", "september"])
def demo(db, request):
    with clock.frozen_today(request.param), directly(db):
        load_demo(db, today=request.param, password="demo-idmix-2026", pin_hasher=lambda pin: f"hash-{pin}")
    return db


def test_seasonal_sessions_fall_in_their_season(demo):
    sessions = demo.scalars(select(Session)).all()
    assert sessions
    misplaced = [(s.title, s.held_on) for s in sessions if s.title in SEASONS and s.held_on.month not in SEASONS[s.title]]
    assert misplaced == []


def test_a_complaint_never_comes_with_a_happy_face(demo):
    opinions = demo.scalars(select(Feedback).where(Feedback.text.is_not(None))).all()
    assert opinions
    wrong = [(o.text, o.mood.label) for o in opinions
             if any(c in o.text for c in COMPLAINTS) and o.mood in (Mood.GOOD, Mood.VERY_GOOD)]
    assert wrong == []


def test_every_referring_social_worker_is_active_and_those_without_a_password_cannot_sign_in(demo):
    referrers = demo.scalars(select(StaffMember).where(StaffMember.job_title.in_(list(REFERRER_JOBS)))).all()
    assert {r.job_title for r in referrers} == set(REFERRER_JOBS)
    assert all(r.active for r in referrers)
    assert [r.full_name for r in referrers if r.password_hash] == ["Nadia Haddad"]


def test_every_demo_person_has_a_symbol_of_their_own(demo):
    """The demo shows the tiles as a person who reads little finds them: each with its own picture."""
    people = demo.scalars(select(Participant)).all()
    assert people and all(p.symbol in BY_KEY for p in people), [p.first_name for p in people if p.symbol not in BY_KEY]
    assert len({p.symbol for p in people}) == len(people)


def test_the_demo_s_partners_are_in_its_directory_its_outings_and_its_exit_plans(demo, request):
    """Issue #32 in the demo: a directory to open, the last outing and the next one at a partner's, in the report's
    « Ouverture sur l'extérieur », and the exit plans that name where the person goes."""
    from shared.exits.models import ExitPlan
    from shared.partners.models import Partner
    from shared.reports.openness import openness_figures
    from shared.reports.scope import ReportScope

    today = request.node.callspec.params["demo"]  # the day the demo was loaded for
    partners = demo.scalars(select(Partner).order_by(Partner.name)).all()
    assert len(partners) == 5 and all(len(p.groups) == 1 and p.phone.startswith("01 99 00") for p in partners)
    visits = demo.scalars(select(Session).where(Session.partner_id.is_not(None)).order_by(Session.held_on)).all()
    assert [(s.title, s.partner.name, s.at_partner, s.held_on < today) for s in visits] == [
        ("Visite du jardin partagé", "Association Le Jardin partagé", True, True),
        ("Visite du centre de formation", "Centre de formation AFPA de Villeneuve", True, False)]
    figures = openness_figures(demo, ReportScope(period_from=today - dt.timedelta(days=365), period_to=today,
                                                 today=today, group_id=visits[0].group_id))
    assert figures.partners_met == {"Association Le Jardin partagé": 1} and figures.at_partner_sessions == 1
    plans = demo.scalars(select(ExitPlan).where(ExitPlan.partner_id.is_not(None))).all()
    assert sorted(plan.partner.name for plan in plans) == ["Association Le Jardin partagé",
                                                           "Centre de formation AFPA de Villeneuve"]
