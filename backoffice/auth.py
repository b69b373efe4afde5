"""Staff sign-in and sign-out (Flask-Login), with throttling from ``shared.staff.authentication``."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from shared.staff.authentication import LoginRefused, authenticate, end_sessions, session_token, staff_for_session

from . import device_cookie, session_limits
from .extensions import db, login_manager

bp = Blueprint("auth", __name__)

login_manager.login_view = "auth.login"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_user(token: str) -> "StaffUser | None":
    """The cookie names the account and its session version: a logout, a password change, a
    deactivation or a role change raises the version, and every older cookie stops working."""
    staff = staff_for_session(db.session, token)
    return StaffUser(staff) if staff is not None else None


class StaffUser:
    """Flask-Login's view of a staff member; ``.staff`` is the model row."""

    def __init__(self, staff: StaffMember) -> None:
        self.staff = staff

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return session_token(self.staff)

    def __getattr__(self, name):
        return getattr(self.staff, name)


class LoginForm(FlaskForm):
    email = EmailField("Adresse e-mail", validators=[DataRequired("Indiquez votre adresse e-mail."), Length(max=254)])
    password = PasswordField("Mot de passe", validators=[DataRequired("Indiquez votre mot de passe."), Length(max=512)])


def safe_next(target: str | None) -> str | None:
    """Only a path inside this site (no scheme, no host, no protocol-relative URL)."""
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    target = target.strip().replace("\\", "/")
    parts = urlsplit(urljoin(request.host_url, target))
    if parts.netloc != urlsplit(request.host_url).netloc or parts.scheme not in ("http", "https"):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if request.method == "POST" and not form.validate():
        if "csrf_token" in form.errors:
            flash("Le formulaire a expiré : merci de réessayer.", "warning")
    elif form.validate_on_submit():
        devices = device_cookie.trusted_devices()
        try:
            staff = authenticate(db.session, form.email.data, form.password.data, client_address=request.remote_addr,
                                 devices=devices)
        except LoginRefused as refusal:
            db.session.commit()  # keep the failure count even though the login is refused
            form.password.errors.append(refusal.message)
        else:
            next_url = safe_next(request.args.get("next"))
            session.clear()  # a fresh session at login: nothing from before survives
            login_user(StaffUser(staff))
            session_limits.start()
            db.session.commit()
            response = redirect(next_url or url_for("admin.index"))
            device_cookie.remember(response, staff.id, devices)
            return response
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    end_sessions(db.session, current_user.staff)  # every cookie of this account, saved or not, stops working
    db.session.commit()
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté(e).", "info")
    return redirect(url_for("auth.login"))
