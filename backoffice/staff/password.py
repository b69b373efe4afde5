"""An admin never sets a colleague's password: from the account's page they send a reset (issue #23,
point 5): a one-time link by e-mail, valid one hour, or a temporary password shown once, which the next
sign-in must replace (``shared.staff.password_resets``)."""

from __future__ import annotations

import os

from flask import current_app, flash, redirect, request, url_for
from flask_admin import expose
from flask_wtf import FlaskForm

from shared.errors import DomainError
from shared.messaging.senders.smtp import SmtpSender
from shared.messaging.tokens import base_url
from shared.staff.models import Role, StaffMember
from shared.staff.password_resets import issue_temporary_password, reset_message, reset_token

from ..core.actions import ActionView, current_staff, model_url, scoped_or_404
from ..extensions import db


class ResetForm(FlaskForm):
    """The CSRF token of the buttons."""


def mail_sender() -> SmtpSender | None:
    """The SMTP server of the reminders (docs/rappels.md), if one is set."""
    return SmtpSender.from_environment() if os.environ.get("IDMIX_SMTP_URL") else None


def reset_link(staff: StaffMember) -> str:
    """The link's address: ``IDMIX_BASE_URL`` when set (never a Host header a request could forge), else this site."""
    root = base_url() if os.environ.get("IDMIX_BASE_URL") else request.url_root.rstrip("/")
    return root + url_for("password_reset.reset", t=reset_token(staff, current_app.secret_key))


class StaffPasswordView(ActionView):
    allowed_roles = (Role.ADMIN,)

    def _back(self, staff: StaffMember):
        return redirect(model_url("staff.details_view", id=staff.id) or url_for("admin.index"))

    @expose("/<int:staff_id>/temporary", methods=("POST",))
    def temporary(self, staff_id: int):
        staff = scoped_or_404(StaffMember, staff_id)
        if not ResetForm().validate_on_submit():
            flash("Le formulaire a expiré : rechargez la page et réessayez.", "warning")
            return self._back(staff)
        try:
            password = issue_temporary_password(db.session, staff, actor=current_staff())
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "danger")
            return self._back(staff)
        return self.render("staff/staff_password.html", staff=staff, password=password,
                           details_url=model_url("staff.details_view", id=staff.id))

    @expose("/<int:staff_id>/link", methods=("POST",))
    def link(self, staff_id: int):
        staff = scoped_or_404(StaffMember, staff_id)
        if not ResetForm().validate_on_submit():
            flash("Le formulaire a expiré : rechargez la page et réessayez.", "warning")
        elif not staff.active:
            flash("Ce compte est désactivé : réactivez-le avant d'envoyer un lien.", "warning")
        elif (sender := mail_sender()) is None:
            flash("Aucun serveur d'envoi d'e-mails n'est réglé (IDMIX_SMTP_URL, voir la documentation des "
                  "rappels) : donnez plutôt un mot de passe provisoire.", "warning")
        else:
            subject, body = reset_message(staff, reset_link(staff))
            outcome = sender.send(staff.email, subject, body)
            if outcome.sent:
                flash(f"Lien envoyé à {staff.email} : il est valable une heure, une seule fois.", "success")
            else:
                flash(f"Le lien n'a pas pu être envoyé ({outcome.answer}) : réessayez plus tard ou donnez un "
                      "mot de passe provisoire.", "danger")
        return self._back(staff)
