"""The admin home: what needs action today, scoped to what the signed-in staff member may see.

Every block is a named query of ``shared/`` and links to the same filtered list."""

from __future__ import annotations

from flask_admin import AdminIndexView, expose
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from shared import clock
from shared.contracts.models import Contract
from shared.contracts.queries import EXPIRY_WINDOWS, ending_within_condition, needs_action_contracts
from shared.feedback.models import Feedback
from shared.feedback.queries import unread_feedback
from shared.people.models import Participant, Referral
from shared.people.queries import drifting_away, trials_due
from shared.sessions.models import Session
from shared.sessions.queries import expected_people, upcoming_sessions

from ..extensions import db
from ..scope import scoped
from .base import AccessMixin
from .filters import filter_url
from .formatters import days_left_text, urgency

LIST_LIMIT = 8
NEXT_SESSIONS = 3
# The follow-up windows of shared/: red, orange, and « to prepare » (the longest).
URGENT_DAYS, SOON_DAYS, PREPARE_DAYS = EXPIRY_WINDOWS


class DashboardView(AccessMixin, AdminIndexView):
    @expose("/")
    def index(self):
        today = clock.today()

        def counts(*queries):
            """Every card's count in one query, whatever the number of cards."""
            return db.session.execute(select(*(
                query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None).scalar_subquery()
                for query in queries))).one()

        to_prepare = scoped(needs_action_contracts(PREPARE_DAYS, today), Contract)
        urgent = scoped(select(Contract).where(ending_within_condition(URGENT_DAYS, today)), Contract)
        soon = scoped(select(Contract).where(ending_within_condition(SOON_DAYS, today)), Contract)
        due = scoped(trials_due(), Participant)
        drifting = scoped(drifting_away(today), Participant)
        unread = scoped(unread_feedback(today), Feedback)
        n_urgent, n_soon, n_to_prepare, n_due, n_drifting, n_unread = counts(
            urgent, soon, to_prepare, due, drifting, unread)
        contracts = db.session.scalars(to_prepare.options(
            joinedload(Contract.participant), joinedload(Contract.facilitator), joinedload(Contract.referrer),
        ).limit(LIST_LIMIT)).all()
        people_load = selectinload(Participant.referrals).joinedload(Referral.referrer)
        sessions = db.session.scalars(scoped(upcoming_sessions(today=today), Session).options(
            joinedload(Session.group), joinedload(Session.theme)).limit(NEXT_SESSIONS)).all()
        expected = {}
        if sessions:
            group_ids = {s.group_id for s in sessions}
            people = db.session.scalars(scoped(expected_people(group_ids), Participant)).all()
            for person in people:
                expected.setdefault(person.group_id, []).append(person)
        return self.render(
            "admin/index.html",
            today=today,
            prepare_days=PREPARE_DAYS,
            cards=[
                dict(count=n_urgent, title=f"Contrats qui finissent dans {URGENT_DAYS} jours ou moins", colour="danger",
                     url=filter_url("contract", "Suivi", f"j{URGENT_DAYS}")),
                dict(count=n_soon, title=f"Contrats qui finissent dans {SOON_DAYS} jours ou moins", colour="warning",
                     url=filter_url("contract", "Suivi", f"j{SOON_DAYS}")),
                dict(count=n_to_prepare, title=f"Contrats à préparer : fin dans {PREPARE_DAYS} jours, rien de prévu",
                     colour="warning", url=filter_url("contract", "Suivi", "a_preparer")),
                dict(count=n_due, title="Personnes : décision à prendre (essais terminés)", colour="info",
                     url=filter_url("participant", "Situation", "decision_due")),
                dict(count=n_drifting, title="Personnes absentes aux deux dernières séances",
                     colour="secondary", url=filter_url("participant", "Situation", "decrochage")),
                dict(count=n_unread, title="Avis non lus", colour="primary",
                     url=filter_url("feedback", "Suivi", "new")),
            ],
            contracts=contracts,
            contracts_url=filter_url("contract", "Suivi", "a_preparer"),
            due=db.session.scalars(due.options(people_load).limit(LIST_LIMIT)).all(),
            due_url=filter_url("participant", "Situation", "decision_due"),
            drifting=db.session.scalars(drifting.options(people_load).limit(LIST_LIMIT)).all(),
            drifting_url=filter_url("participant", "Situation", "decrochage"),
            sessions=sessions,
            sessions_url=filter_url("session", "Période", "a_venir"),
            expected=expected,
            urgency=urgency,
            days_left_text=days_left_text,
        )
