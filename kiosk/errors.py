"""Calm French screens for every error: nobody at the tablet ever sees a stack trace."""

from __future__ import annotations

from flask import Flask, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Cette demande n'a pas pu être lue", "Revenez à l'accueil et recommencez."),
    403: ("Ce n'est pas possible ici", "Revenez à l'accueil et recommencez."),
    404: ("Cette page n'existe pas", "Revenez à l'accueil."),
    405: ("Ce n'est pas possible ici", "Revenez à l'accueil et recommencez."),
    413: ("C'est trop long", "Le texte envoyé est trop long. Revenez à l'accueil et recommencez."),
    500: ("Un problème est survenu", "Ce n'est pas de votre faute. Revenez à l'accueil ou appelez l'animateur."),
    503: (
        "L'enregistrement n'a pas marché",
        "Rien n'a été enregistré. Réessayez dans un instant ou appelez l'animateur.",
    ),
}
CSRF_MESSAGE = (
    "Ce formulaire a expiré",
    "Pour votre sécurité, il faut recommencer depuis l'accueil.",
)


def render_error(code: int, detail: str | None = None, title: str | None = None):
    default_title, default_text = MESSAGES.get(code, MESSAGES[500])
    return render_template("error.html", title=title or default_title, text=detail or default_text, code=code)


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render_error(400, CSRF_MESSAGE[1], CSRF_MESSAGE[0]), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        code = error.code or 500
        if code == 405 and request.method in ("GET", "HEAD"):
            # « Back » after a journey asks again for the address a form was sent to: that leads home.
            return redirect(url_for("home.index"), 303)
        # Our own abort(400, description=...) carry a French sentence; werkzeug's defaults are English.
        detail = error.description if _is_ours(error) else None
        return render_error(code if code in MESSAGES else 400 if code < 500 else 500, detail), code

    @app.errorhandler(500)
    def _internal(error):
        original = getattr(error, "original_exception", None)
        from sqlalchemy.exc import DBAPIError

        if isinstance(original, DBAPIError):
            from .transactions import database_unavailable

            return database_unavailable(original)
        return render_error(500), 500


def _is_ours(error: HTTPException) -> bool:
    description = error.description or ""
    return bool(description) and description != type(error).description
