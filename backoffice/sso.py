"""Staff sign-in through the department's OpenID provider (``IDMIX_OIDC_*``, ``shared.staff.oidc_settings``).

/sso/connexion sends the browser to the provider; /sso/retour checks its answer (``sso_client``) and opens the
account ``shared.staff.identity`` names, with the same Flask-Login session as a password sign-in; the logout
of such a session ends it here, then at the provider (``end_session_endpoint``), whose return is checked by
its ``state`` at /sso/deconnecte. Without ``IDMIX_OIDC_ISSUER`` none of this is registered.
"""

from __future__ import annotations

import logging
import os

from authlib.common.security import generate_token
from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from shared.staff.authentication import end_sessions
from shared.staff.identity import IdentityRefused, sign_in_with_provider
from shared.staff.oidc_settings import oidc_settings

from . import session_limits, sso_client
from .auth import StaffUser, safe_next
from .extensions import db

log = logging.getLogger(__name__)
bp = Blueprint("sso", __name__, url_prefix="/sso")
ID_TOKEN = "idmix_oidc_id_token"  # in the signed session cookie: the logout's id_token_hint
NEXT = "idmix_sso_next"  # the page asked for before the round trip to the provider (a path of this site)


def signed_in_with_provider() -> bool:
    """This session began at the department's OpenID provider, not with a password of ours."""
    return ID_TOKEN in session


def init_app(app: Flask) -> None:
    """Read the settings (the environment, then the app's configuration); nothing at all without them."""
    environ = {**os.environ, **{key: value for key, value in app.config.items() if key.startswith("IDMIX_OIDC_")}}
    settings = oidc_settings(environ)
    app.context_processor(lambda: {"idmix_sso": sso_client.settings()})
    if settings is None:
        return
    sso_client.init_app(app, settings)
    app.register_blueprint(bp)
    app.before_request(_provider_doors)
    app.after_request(_provider_form_action)  # runs before security's, which keeps a policy already set


def _provider_form_action(response):
    """The logout form's answer redirects to the provider: Chromium applies ``form-action`` to that redirect,
    so the policy names the provider's origins beside this site's."""
    from urllib.parse import urlsplit

    from .security import CONTENT_SECURITY_POLICY, csp_nonce

    endpoints = [sso_client.settings().issuer, sso_client.client().server_metadata.get("end_session_endpoint") or ""]
    origins = sorted({f"{parts.scheme}://{parts.netloc}" for parts in map(urlsplit, endpoints) if parts.netloc})
    policy = CONTENT_SECURITY_POLICY.format(nonce=csp_nonce())
    response.headers.setdefault("Content-Security-Policy",
                                policy.replace("form-action 'self'", "form-action 'self' " + " ".join(origins)))
    return response


def _provider_doors():
    """Password sign-in closed to all but the break-glass accounts; a provider's session logs out there too."""
    settings = sso_client.settings()
    if request.method != "POST":
        return None
    if request.endpoint == "auth.login" and not settings.password_allowed(request.form.get("email")):
        flash(f"La connexion par mot de passe est fermée\u00a0: connectez-vous avec {settings.provider_name}.",
              "warning")
        return redirect(url_for("auth.login"))
    if request.endpoint == "auth.logout" and current_user.is_authenticated and session.get(ID_TOKEN):
        return logout()
    return None


@bp.route("/connexion")
def login():
    """To the provider. ``?next=``, the page that asked for a sign-in, is kept for the return if it is a path of
    this site (``auth.safe_next``), as a password sign-in does."""
    next_url = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("admin.index"))
    session.pop(NEXT, None)
    if next_url:
        session[NEXT] = next_url
    try:
        return sso_client.authorize_redirect(_own_url("redirect_uri", "sso.callback"))
    except sso_client.FAILURES as error:
        return _refused(sso_client.refusal_for(error), error)


@bp.route("/retour")
def callback():
    settings = sso_client.settings()
    try:
        identity, id_token = sso_client.identity_from_callback()
        staff = sign_in_with_provider(db.session, identity, provider_name=settings.provider_name,
                                      role_map=settings.role_map)
    except IdentityRefused as refusal:
        db.session.rollback()  # nothing half-created, nothing linked
        return _refused(refusal.message, refusal)
    except sso_client.FAILURES as error:
        db.session.rollback()
        return _refused(sso_client.refusal_for(error), error)
    next_url = safe_next(session.get(NEXT))
    session.clear()  # a fresh session at sign-in, as with a password
    login_user(StaffUser(staff))
    session_limits.start()  # the same 8 hours and idle timeout as a password sign-in
    session[ID_TOKEN] = id_token
    db.session.commit()
    return redirect(next_url or url_for("admin.index"))


def logout():
    """End every session of the account here, then at the provider, which comes back with our ``state``."""
    id_token = session.get(ID_TOKEN)
    end_sessions(db.session, current_user.staff)
    db.session.commit()
    logout_user()
    session.clear()
    try:
        return sso_client.client().logout_redirect(
            post_logout_redirect_uri=_own_url("post_logout_redirect_uri", "sso.logged_out"),
            id_token_hint=id_token, state=generate_token(sso_client.SECRET_LENGTH))
    except sso_client.FAILURES + (RuntimeError,) as error:
        return _refused("Vous êtes déconnecté(e) d'ID'MIX, mais pas du fournisseur d'identité, qui ne répond "
                        "pas\u00a0: fermez votre navigateur pour terminer.", error)


@bp.route("/deconnecte")
def logged_out():
    try:
        sso_client.client().validate_logout_response()
    except sso_client.FAILURES as error:
        return _refused("Cette réponse de déconnexion n'est pas attendue (elle a déjà servi, ou ne vient pas de ce "
                        "navigateur). Vous êtes bien déconnecté(e) d'ID'MIX.", error)
    flash(f"Vous êtes déconnecté(e) d'ID'MIX et de {sso_client.settings().provider_name}.", "info")
    return redirect(url_for("auth.login"))


def _own_url(setting: str, endpoint: str) -> str:
    return getattr(sso_client.settings(), setting) or url_for(endpoint, _external=True)


def _refused(message: str, error: Exception):
    log.info("Connexion par fournisseur d'identité refusée (%s: %s)", type(error).__name__, error)
    return render_template("auth/sso_error.html", message=message), 400
