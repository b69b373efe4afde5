"""What participants said, for staff: anonymous items only once the session's day is over, in an
order that says nothing about who spoke first, never with a time."""

from __future__ import annotations

import uuid

from flask import abort, flash, g, request
from flask_admin.actions import action
from markupsafe import Markup
from sqlalchemy.orm import joinedload
from sqlalchemy.sql.elements import True_

from shared import clock
from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.feedback.operations import set_feedback_status
from shared.feedback.queries import sessions_with_few_present, staff_list_order, visible_count, visible_to_staff
from shared.staff.access import scope_condition
from shared.sessions.models import Session
from shared.staff.models import Role

from ..core.base import current_staff
from ..core.common import EntityView, joined_person
from ..core.filters import ChoiceFilter
from ..extensions import db

STATUS_COLOURS = {FeedbackStatus.NEW: "danger", FeedbackStatus.READ: "info",
                  FeedbackStatus.DISCUSSED: "primary", FeedbackStatus.CLOSED: "secondary"}


FEW_PRESENT = "anonyme, moins de 3 présents ce jour-là : pourrait être reconnu"


def _author(view, context, model, name):
    if model.participant is not None:
        return model.participant.full_name
    return FEW_PRESENT if model.session_id in _few_present(context, model) else "anonyme"


def _few_present(context, model) -> set[int]:
    """The page's sessions with fewer than 3 present, in one query per page (``shared.feedback.queries``)."""
    rows = (context.get("data") if context is not None else None) or [model]
    ids = frozenset(row.session_id for row in rows if getattr(row, "session_id", None) is not None)
    cache = g.setdefault("idmix_few_present", {})
    if ids not in cache:
        cache[ids] = set(db.session.scalars(sessions_with_few_present(ids))) if ids else set()
    return cache[ids]


def _status(view, context, model, name):
    return Markup('<span class="badge badge-%s">%s</span>') % (STATUS_COLOURS[model.status], model.status.label)


def _mood(view, context, model, name):
    return f"{model.mood.label} ({model.mood.score}/4)"


class FeedbackView(EntityView):
    endpoint_name = "feedback"
    can_create = False
    can_edit = False
    column_list = ["given_on", "session", "scope", "mood", "text", "author", "status"]
    column_details_list = ["given_on", "session", "scope", "mood", "text", "author", "status"]
    column_export_list = ["given_on", "session", "scope", "mood", "text", "author", "status"]
    column_labels = {"given_on": "Séance du", "session": "Séance", "scope": "Pour", "mood": "Humeur",
                     "text": "Message", "author": "Signé par", "status": "Suivi"}
    column_searchable_list = ["text"]
    # Sorting only by day or status; within a day, the random id keeps arrival order hidden.
    column_sortable_list = ["given_on", "status"]
    column_default_sort = None
    list_loads = (joinedload(Feedback.session).joinedload(Session.theme), joined_person(Feedback.participant))
    column_formatters = {"author": _author, "status": _status, "mood": _mood}
    column_formatters_export = {"author": _author, "mood": _mood}
    delete_roles = (Role.ADMIN,)
    # Said on the list, without a count: a number that grows while people are at the tablet would tell who wrote.
    list_help = ("Les avis anonymes apparaissent ici le lendemain de leur séance : ceux d'aujourd'hui attendent "
                 "la fin de la journée, pour que rien ne dise qui les a donnés. Les avis signés sont là tout de suite.")

    @property
    def can_delete(self) -> bool:  # type: ignore[override]
        staff = current_staff()
        return staff is not None and staff.role in self.delete_roles

    @property
    def column_filters(self):
        return [
            ChoiceFilter(Feedback.status, "Suivi",
                         {s.value: (lambda s=s: Feedback.status == s) for s in FeedbackStatus},
                         {s.value: s.label for s in FeedbackStatus}),
            ChoiceFilter(Feedback.scope, "Pour", {s.value: (lambda s=s: Feedback.scope == s) for s in FeedbackScope},
                         {s.value: s.label for s in FeedbackScope}),
            ChoiceFilter(Feedback.mood, "Humeur", {m.value: (lambda m=m: Feedback.mood == m) for m in Mood},
                         {m.value: m.label for m in Mood}),
        ]

    def get_query(self):
        return super().get_query().filter(visible_to_staff(clock.today())).order_by(*staff_list_order())

    def get_count_query(self):
        """The readable items; without filter or search, counted as all those in scope less the hidden ones
        (the same number, without testing every row: ``shared.feedback.queries.visible_count``)."""
        today = clock.today()
        if any(key.startswith("flt") for key in request.args) or request.args.get("search"):
            return super().get_count_query().filter(visible_to_staff(today))
        scope = scope_condition(Feedback, current_staff())
        return db.session.query(visible_count(today) if isinstance(scope, True_) else visible_count(today, scope))

    def get_one(self, id):
        record = super().get_one(id)
        if record is not None and record.is_anonymous and record.given_on >= clock.today():
            abort(404)
        return record

    def _set_status(self, ids, status: FeedbackStatus) -> None:
        keys = []
        for raw in ids:
            try:
                keys.append(uuid.UUID(str(raw)))
            except ValueError:
                continue
        rows = self.get_query().filter(Feedback.id.in_(keys)).all()
        for row in rows:
            set_feedback_status(db.session, row, status, actor=current_staff())
        db.session.commit()
        flash(f"{len(rows)} avis marqué(s) « {status.label} ».", "success")

    @action("mark_read", "Marquer comme lu")
    def action_mark_read(self, ids):
        self._set_status(ids, FeedbackStatus.READ)

    @action("mark_discussed", "Marquer comme discuté en groupe")
    def action_mark_discussed(self, ids):
        self._set_status(ids, FeedbackStatus.DISCUSSED)

    @action("mark_closed", "Clore")
    def action_mark_closed(self, ids):
        self._set_status(ids, FeedbackStatus.CLOSED)

    @action("mark_new", "Remettre en non lu")
    def action_mark_new(self, ids):
        self._set_status(ids, FeedbackStatus.NEW)
