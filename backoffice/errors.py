"""Calm French error pages; a database that cannot be reached gives a 503, never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, Response, flash, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

log = logging.getLogger(__name__)

CONTRACT_CONFLICT = (
    "Ce contrat a été modifié par quelqu'un d'autre pendant que vous l'éditiez : vos changements n'ont pas "
    "été enregistrés. Rechargez la page pour voir la version à jour, puis refaites-les."
)
MESSAGES = {
    400: ("Requête incorrecte", "La demande n'a pas pu être comprise. Revenez en arrière et réessayez."),
    403: ("Accès refusé", "Votre rôle ne permet pas d'ouvrir cette page."),
    404: ("Page introuvable", "Cette page ou cette fiche n'existe pas, ou plus."),
    405: ("Action impossible", "Cette action n'est pas possible de cette façon."),
    409: ("Modification en conflit",
          "Cette fiche a été modifiée par quelqu'un d'autre pendant que vous l'éditiez : vos changements n'ont "
          "pas été enregistrés. Rechargez la page pour voir la version à jour, puis refaites-les."),
    413: ("Envoi trop volumineux", "Le formulaire envoyé est trop volumineux. Raccourcissez les textes et réessayez."),
    500: ("Erreur inattendue", "Une erreur s'est produite. Rien n'a été enregistré. Réessayez dans un instant."),
    503: ("Service momentanément indisponible",
          "La base de données ne répond pas. Rien n'a été perdu : réessayez dans quelques minutes."),
}
SAVE_FAILED = ("La base de données ne répond pas : rien n'a été enregistré. Ce que vous avez saisi est encore "
               "dans le formulaire ; réessayez dans quelques minutes.")
UNAVAILABLE = (OperationalError, InterfaceError)


def render_error(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500])
    return render_template("error.html", code=code, title=title, text=detail or text), code


def database_unavailable(error: Exception):
    """The database cannot be reached (server down, disk full, lock timeout): 503, nothing half-saved."""
    from .extensions import db, login_manager

    try:
        db.session.rollback()
    except DBAPIError:  # the connection is gone: nothing was saved anyway
        db.session.invalidate()
    if "_login_user" not in g:  # else rendering the page would ask the database who is signed in
        g._login_user = login_manager.anonymous_user()
    log.warning("Base de données indisponible : %s", type(error).__name__)
    return render_error(503)


def database_down_during_save() -> None:
    """A Flask-Admin save failed because the database is gone: its form comes back with the text typed,
    a French message on top, and the answer is a 503 (see ``init_app``)."""
    flash(SAVE_FAILED, "error")
    g.idmix_database_down = True
    log.warning("Base de données indisponible pendant un enregistrement")


def conflict(error: Exception | None = None):
    from .extensions import db

    db.session.rollback()
    return render_error(409)


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(500)
    def _internal(error):
        # An error raised outside the view (the request's commit, a teardown) arrives here wrapped.
        original = getattr(error, "original_exception", None)
        if isinstance(original, UNAVAILABLE):
            return database_unavailable(original)
        if isinstance(original, StaleDataError):
            return conflict(original)
        return render_error(500)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, "Le formulaire a expiré ou n'est pas valide : rechargez la page et réessayez.")

    @app.after_request
    def _unavailable_status(response: Response) -> Response:
        if g.pop("idmix_database_down", False) and response.status_code < 400:
            response.status_code = 503
        return response

    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
    app.register_error_handler(StaleDataError, conflict)
