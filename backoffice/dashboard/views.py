"""The admin home: what needs action today, scoped to what the signed-in staff member may see.

Every block is a named query of ``shared/`` and links to the same filtered list."""

from __future__ import annotations

from flask import url_for
from flask_admin import AdminIndexView, expose
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from shared import clock
from shared.alphabetical import sort_key
from shared.contracts.models import Contract
from shared.contracts.next_steps import contracts_to_follow, ended_early_without_exit_condition, next_step
from shared.contracts.queries import EXPIRY_WINDOWS, ending_within_condition, needs_action_contracts
from shared.feedback.models import Feedback
from shared.feedback.queries import unread_feedback
from shared.kiosk.models import Device
from shared.kiosk.offline import pending_attendances, tablets_contact, tablets_summary
from shared.kiosk.offline_models import PendingAttendance
from shared.kiosk.queries import pin_locked_people
from shared.people.models import Participant, Referral
from shared.people.queries import drifting_away, trials_due
from shared.people.status import without_situation
from shared.sessions.models import Session
from shared.sessions.queries import expected_people, upcoming_sessions

from ..core.base import AccessMixin
from ..core.common import joined_person
from ..core.filters import filter_url
from ..core.formatters import days_left_text, urgency
from ..extensions import db
from ..kiosk.pending import PendingAttendanceView
from ..scope import role_allowed, scoped
from .today import sessions_of_today

LIST_LIMIT = 8
FOLLOW_LIMIT = 12
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
        urgent, soon, within_prepare = (scoped(select(Contract).where(ending_within_condition(days, today)), Contract)
                                        for days in EXPIRY_WINDOWS)
        exits_to_record = scoped(select(Contract).where(ended_early_without_exit_condition()), Contract)
        due = scoped(trials_due(), Participant)
        drifting = scoped(drifting_away(today), Participant)
        unread = scoped(unread_feedback(today), Feedback)
        locked = scoped(pin_locked_people(clock.now()), Participant)
        to_confirm = scoped(pending_attendances(), PendingAttendance)
        (n_urgent, n_soon, n_within, n_to_prepare, n_exits, n_due, n_drifting, n_unread, n_locked,
         n_to_confirm) = counts(urgent, soon, within_prepare, to_prepare, exits_to_record, due, drifting, unread,
                                locked, to_confirm)
        rows = db.session.execute(scoped(contracts_to_follow(PREPARE_DAYS, today), Contract).options(
            joined_person(Contract.participant), joinedload(Contract.referrer)).limit(FOLLOW_LIMIT)).all()
        lines = [dict(contract=contract, renewal_id=renewal_id,
                      step=next_step(contract, renewal_id=renewal_id, plan_written=plan_written))
                 for contract, renewal_id, _signed, plan_written in rows]
        people_load = selectinload(Participant.referrals).joinedload(Referral.referrer)
        sessions = db.session.scalars(scoped(upcoming_sessions(today=today), Session).options(
            joinedload(Session.group), joinedload(Session.theme), joinedload(Session.guest_groups))  # one query
            .limit(NEXT_SESSIONS)).unique().all()
        by_group = {}
        if sessions:
            group_ids = {g for s in sessions for g in s.group_ids}  # a joint session expects every group's people
            people = db.session.scalars(scoped(expected_people(group_ids), Participant).options(without_situation())).all()
            for person in people:
                by_group.setdefault(person.group_id, []).append(person)
        expected = {s.id: sorted((p for g in s.group_ids for p in by_group.get(g, [])),
                                 key=lambda p: (sort_key(p.first_name), sort_key(p.last_name))) for s in sessions}
        # The same groups' expected people are named once, at their next session; later ones give the count.
        first_of = {}
        for s in sessions:
            first_of.setdefault(tuple(s.group_ids), s.id)
        named = set(first_of.values())
        tablets = db.session.execute(scoped(tablets_contact(), Device)).all()
        return self.render(
            "dashboard/index.html",
            today=today,
            today_sessions=sessions_of_today(today) if role_allowed(PendingAttendanceView.allowed_roles) else [],
            prepare_days=PREPARE_DAYS,
            cards=[
                dict(count=n_urgent, title=f"Contrats qui finissent dans {URGENT_DAYS} jours ou moins", colour="danger",
                     url=filter_url("contract", "Suivi", f"j{URGENT_DAYS}")),
                dict(count=n_soon, title=f"Contrats qui finissent dans {SOON_DAYS} jours ou moins", colour="warning",
                     url=filter_url("contract", "Suivi", f"j{SOON_DAYS}")),
                dict(count=n_within, title=f"Contrats qui finissent dans {PREPARE_DAYS} jours ou moins",
                     colour="success", url=filter_url("contract", "Suivi", f"j{PREPARE_DAYS}")),
                dict(count=n_to_prepare, title=f"Contrats à préparer : fin dans {PREPARE_DAYS} jours, "
                                               "ni renouvellement ni sortie en préparation",
                     colour="warning", url=filter_url("contract", "Suivi", "a_preparer")),
                dict(count=n_exits, title="Sorties à enregistrer (contrats terminés avant leur fin)",
                     colour="danger", url=filter_url("contract", "Suivi", "sortie_a_enregistrer")),
                dict(count=n_due, title="Personnes : décision à prendre (essais terminés)", colour="info",
                     url=filter_url("participant", "Situation", "decision_due")),
                dict(count=n_drifting, title="Personnes absentes aux deux dernières séances",
                     colour="secondary", url=filter_url("participant", "Situation", "decrochage")),
                dict(count=n_unread, title="Avis non lus", colour="primary",
                     url=filter_url("feedback", "Suivi", "new")),
                dict(count=n_locked, title="Codes bloqués", colour="danger",
                     url=filter_url("participant", "Situation", "code_bloque")),
                dict(count=n_to_confirm, title="Présences à confirmer (codes donnés sans réseau)", colour="warning",
                     url=url_for("pendingattendance.index_view")),
                dict(count=sum(c.waiting for _d, c in tablets if c is not None),
                     title="En attente d'envoi sur les tablettes — " + tablets_summary(tablets),
                     colour="secondary", url=url_for("device.index_view")),
            ],
            lines=lines,
            lines_url=filter_url("contract", "Suivi", f"j{PREPARE_DAYS}"),
            due=db.session.scalars(due.options(people_load, without_situation()).limit(LIST_LIMIT)).all(),
            due_url=filter_url("participant", "Situation", "decision_due"),
            drifting=db.session.scalars(drifting.options(people_load, without_situation()).limit(LIST_LIMIT)).all(),
            drifting_url=filter_url("participant", "Situation", "decrochage"),
            sessions=sessions,
            sessions_url=filter_url("session", "Période", "a_venir"),
            expected=expected,
            named=named,
            urgency=urgency,
            days_left_text=days_left_text,
        )
