"""An admin lifts the sign-in delay of a staff account (``shared.staff.throttling``), from the
account's page: the failures typed against that address are forgotten."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_admin import expose
from flask_wtf import FlaskForm

from shared import clock
from shared.staff import throttling
from shared.staff.models import Role, StaffMember

from ..core.actions import ActionView, model_url, scoped_or_404
from ..extensions import db


class LiftForm(FlaskForm):
    """The CSRF token of the button."""


class StaffLockView(ActionView):
    allowed_roles = (Role.ADMIN,)

    @expose("/<int:staff_id>/lift", methods=("POST",))
    def lift(self, staff_id: int):
        staff = scoped_or_404(StaffMember, staff_id)
        if LiftForm().validate_on_submit():
            if throttling.account_wait(db.session, staff.email, clock.now()):
                throttling.lift(db.session, staff.email)
                flash(f"Le délai de connexion de {staff.full_name} est levé : ce compte peut se connecter.", "success")
            else:
                throttling.lift(db.session, staff.email)
                flash(f"Aucun délai de connexion en cours pour {staff.full_name} ; ses essais manqués sont oubliés.",
                      "info")
        return redirect(model_url("staff.details_view", id=staff.id) or url_for("admin.index"))
