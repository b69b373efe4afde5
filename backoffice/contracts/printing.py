"""Printable documents (A4): the contract to sign, and a session's sign-in sheet (émargement)."""

from __future__ import annotations

from flask import abort, render_template
from flask_admin import expose

from shared.contracts.models import Contract
from shared.sessions.models import Session
from shared.staff.models import Role

from ..core.actions import TEMPLATE_HELPERS, WRITE_ROLES, ActionView, scoped_or_404
from ..core.base import role_allowed
from ..sessions.attendance_sheet import expected_people


class PrintView(ActionView):
    # Referrers may print the contracts of the people they referred (the scope says which).
    allowed_roles = (Role.ADMIN, Role.FACILITATOR, Role.REFERRER)

    @expose("/contract/<int:contract_id>")
    def contract(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        return render_template("contracts/print_contract.html", contract=contract, **TEMPLATE_HELPERS)

    @expose("/session/<int:session_id>")
    def sign_in_sheet(self, session_id: int):
        if not role_allowed(WRITE_ROLES):
            abort(403)  # the sheet lists everyone of the group, not only a referrer's people
        session = scoped_or_404(Session, session_id)
        return render_template("sessions/print_sign_in_sheet.html", session=session, people=expected_people(session),
                               **TEMPLATE_HELPERS)
