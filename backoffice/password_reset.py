"""The page a reset link opens (``shared.staff.password_resets``): public, by its one-time token.

The token travels in the query string, which the request logs never keep (docs/securite.md).
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from shared.errors import DomainError
from shared.staff.password_resets import reset_password, staff_for_reset_token

from .extensions import db

bp = Blueprint("password_reset", __name__)


class ResetPasswordForm(FlaskForm):
    password = PasswordField("Nouveau mot de passe", validators=[
        DataRequired("Choisissez un nouveau mot de passe."), Length(max=512)])
    confirmation = PasswordField("Nouveau mot de passe, une deuxième fois", validators=[
        DataRequired("Tapez le nouveau mot de passe une deuxième fois."), Length(max=512)])


@bp.route("/password-reset", methods=["GET", "POST"])
def reset():
    token = request.args.get("t", "")
    staff = staff_for_reset_token(db.session, token, current_app.secret_key)
    if staff is None:
        return render_template("account/reset.html", form=None), 404
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(db.session, staff, new_password=form.password.data, confirmation=form.confirmation.data)
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field if error.field in ("password", "confirmation") else "password").errors.append(
                error.message)
        else:
            logout_user()
            session.clear()
            flash("Votre mot de passe est enregistré : connectez-vous avec lui.", "success")
            return redirect(url_for("auth.login"))
    return render_template("account/reset.html", form=form, staff=staff)
