"""Calm French error pages; a database that cannot be reached gives a 503, never a traceback."""

from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError

MESSAGES = {
    400: ("Requête incorrecte", "La demande n'a pas pu être comprise. Revenez en arrière et réessayez."),
    403: ("Accès refusé", "Votre rôle ne permet pas d'ouvrir cette page."),
    404: ("Page introuvable", "Cette page ou cette fiche n'existe pas, ou plus."),
    405: ("Action impossible", "Cette action n'est pas possible de cette façon."),
    500: ("Erreur inattendue", "Une erreur s'est produite. Rien n'a été enregistré. Réessayez dans un instant."),
    503: ("Service momentanément indisponible",
          "La base de données ne répond pas. Rien n'a été perdu : réessayez dans quelques minutes."),
}


def render_error(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500])
    return render_template("error.html", code=code, title=title, text=detail or text), code


def init_app(app: Flask) -> None:
    for code in (400, 403, 404, 405, 500):
        app.register_error_handler(code, lambda error, code=code: render_error(code))

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, "Le formulaire a expiré ou n'est pas valide : rechargez la page et réessayez.")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_down(error):
        return render_error(503)
