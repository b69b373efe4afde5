"""« Mon compte »: every staff member changes their own password (issue #23, point 5), and a temporary
password given by an admin must be replaced before any other page opens."""

from __future__ import annotations

from flask import Flask, flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from shared.errors import DomainError
from shared.staff.password_resets import change_own_password

from .core.actions import form_level_errors, show_domain_error
from .core.base import AccessMixin
from .extensions import db
from .sso import signed_in_with_provider

# What a person with a temporary password may still open: this page, signing out, the files it needs.
OPEN_DURING_A_CHANGE = frozenset({"account.index", "auth.logout", "auth.login", "session_limits.status",
                                  "session_limits.keepalive", "static", "admin.static"})
NEW_PASSWORD_HELP = ("Au moins 10 caractères, difficile à deviner : plusieurs mots sans rapport entre eux, par "
                     "exemple « piano tulipe orage radis ». Ni votre nom, ni celui de l'application ou de la structure.")


class OwnPasswordForm(FlaskForm):
    current_password = PasswordField("Mot de passe actuel", validators=[
        DataRequired("Indiquez votre mot de passe actuel."), Length(max=512)])
    password = PasswordField("Nouveau mot de passe", validators=[
        DataRequired("Choisissez un nouveau mot de passe."), Length(max=512)])
    confirmation = PasswordField("Nouveau mot de passe, une deuxième fois", validators=[
        DataRequired("Tapez le nouveau mot de passe une deuxième fois."), Length(max=512)])


class AccountView(AccessMixin, BaseView):
    """Every role: one's own account."""

    @expose("/", methods=("GET", "POST"))
    def index(self):
        from .auth import StaffUser

        staff = current_user.staff
        form = OwnPasswordForm()
        # An account made through the OpenID provider has no password of ours: nothing to check or change here.
        if staff.password_hash and form.validate_on_submit():
            try:
                change_own_password(db.session, staff, current_password=form.current_password.data,
                                    new_password=form.password.data, confirmation=form.confirmation.data,
                                    client_address=request.remote_addr)
            except DomainError as error:
                if error.field == "current_password":
                    db.session.commit()  # a wrong current password counts, like a failed sign-in
                show_domain_error(form, error)
            else:
                login_user(StaffUser(staff))  # this session goes on; the account's other sessions have ended
                flash("Votre mot de passe est changé. Vos autres sessions (autres postes) sont fermées.", "success")
                return redirect(url_for("admin.index"))
        return self.render("account/index.html", form=form, staff=staff, errors=form_level_errors(form),
                           password_help=NEW_PASSWORD_HELP)


def _temporary_password_first():
    if request.endpoint in OPEN_DURING_A_CHANGE or (request.endpoint or "").endswith(".static"):
        return None
    if (current_user.is_authenticated and current_user.staff.must_change_password
            and not signed_in_with_provider()):  # the provider checked who it is: no password of ours in use
        flash("Votre mot de passe est provisoire : choisissez le vôtre pour continuer.", "warning")
        return redirect(url_for("account.index"))
    return None


def init_app(app: Flask) -> None:
    app.before_request(_temporary_password_first)
