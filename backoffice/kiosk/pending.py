"""« Présences à confirmer »: sign-ins made offline whose PIN the server did not accept (shared.kiosk.offline)."""

from __future__ import annotations

from flask import flash
from flask_admin.actions import action
from sqlalchemy.orm import joinedload

from shared import clock
from shared.db import id_from_text
from shared.dates import fr
from shared.errors import DomainError
from shared.kiosk.offline import decide_pending
from shared.kiosk.offline_models import ConfirmationStatus, PendingAttendance
from shared.kiosk.pending_reasons import reason_for_staff
from shared.sessions.models import Session
from shared.staff.models import Role

from ..core.base import current_staff
from ..core.common import EntityView, joined_person
from ..extensions import db


class PendingAttendanceView(EntityView):
    """Each row still to decide has its own « Confirmer » and « Refuser » (admin/pending_row_actions.html):
    one click, no box to tick, no menu, no dialog; the ticked rows' actions stay for several at once."""

    endpoint_name = "pendingattendance"
    list_template = "kiosk/pending_list.html"
    row_actions_template = "kiosk/pending_row_actions.html"
    allowed_roles = (Role.ADMIN, Role.FACILITATOR)
    can_create = False
    can_edit = False
    can_delete = False
    column_list = ["participant", "session", "signed_at", "reason", "status"]
    column_details_list = column_list
    column_export_list = column_list
    column_labels = {"participant": "Personne", "session": "Séance", "signed_at": "Reçue le", "reason": "Motif",
                     "status": "État"}
    column_sortable_list = ["signed_at"]
    column_default_sort = ("signed_at", True)
    list_loads = (joinedload(PendingAttendance.session).joinedload(Session.theme),
                  joined_person(PendingAttendance.participant))
    column_formatters = {"status": lambda view, context, model, name: model.status.label,
                         "reason": lambda view, context, model, name: reason_for_staff(model.reason)}
    column_formatters_export = column_formatters

    def row_facts(self, row) -> dict:
        return {"to_decide": row.status is ConfirmationStatus.PENDING}

    def _decide(self, ids, *, confirm: bool) -> None:
        rows = self.get_query().filter(PendingAttendance.id.in_([n for i in ids if (n := id_from_text(i)) is not None]),
                                       PendingAttendance.status == ConfirmationStatus.PENDING).all()
        try:
            for pending in rows:
                decide_pending(db.session, pending, confirm=confirm, actor=current_staff(), now=clock.now())
        except DomainError as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
            return
        names = [f"{pending.participant.full_name} (séance du {fr(pending.session.held_on)})" for pending in rows]
        db.session.commit()
        if not rows:
            flash("Aucune présence à confirmer dans ce choix : elle a peut-être déjà été traitée.", "info")
        else:
            one, several = ("Présence confirmée", "présences confirmées") if confirm else (
                "Présence refusée, non notée", "présences refusées, non notées")
            flash((one if len(rows) == 1 else f"{len(rows)} {several}") + " : " + ", ".join(names) + ".", "success")

    @action("confirm", "Confirmer la présence", "Ces personnes seront notées présentes. Continuer ?")
    def action_confirm(self, ids):
        self._decide(ids, confirm=True)

    @action("refuse", "Refuser", "Ces présences ne seront pas notées. Continuer ?")
    def action_refuse(self, ids):
        self._decide(ids, confirm=False)
