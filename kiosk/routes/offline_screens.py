"""The screens the tablet shows offline, rendered once from the kiosk's own templates.

The service worker (kiosk/static/sw.js) fetches each screen at install, keeps it in the cache of its
version, and fills the blanks (``⟦name⟧``, escaped) when the network is cut: a PIN screen, « votre
présence sera vérifiée », an opinion or a visitor kept on the tablet, a refusal. The screens are
written once, here in Jinja, with the idle warning, « Écouter » and the banner of every other screen.

``shell_version()`` is a digest of the static files and templates: sw.js is served with it, so a
tablet installs a new worker, with a new cache, whenever the server's code or styles change.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

from flask import Blueprint, abort, current_app, g, render_template, url_for

bp = Blueprint("offline_screens", __name__, url_prefix="/hors-ligne/ecran")


def blank(name: str) -> str:
    """What sw.js replaces with the person's or the screen's own text."""
    return f"⟦{name}⟧"


def _message(title: str, text: str, picto: str, link: str = "home.index", label: str = "Revenir à l'accueil"):
    return lambda: render_template("offline/message.html", title=title, text=text, picto_name=picto,
                                   link=url_for(link), label=label)


# Every word the tablet may show offline is here or in these templates (pre-generated speech: list them here).
SCREENS = {
    # The PIN screen of a person picked offline; the symbol's image is removed when the person has none.
    "code": lambda: render_template(
        "pin.html", participant=SimpleNamespace(id=blank("participant"), kiosk_name=blank("name")),
        symbol=SimpleNamespace(key=blank("symbol")), error=None, action="checkin.confirm", hidden={}),
    # A sign-in kept offline: the tablet cannot know whether the PIN is right, so no « Bienvenue ».
    "presence": lambda: render_template("offline/presence.html", name=blank("name")),
    "avis": lambda: render_template("offline/opinion.html"),
    "visiteur": lambda: render_template("discover/welcome.html", first_name=blank("name")),
    "impossible": _message("Signature impossible", "Cette personne n'est pas dans la liste de ce groupe.", "refused"),
    "coupure": _message("La connexion est coupée", "Réessayez dans un moment.", "offline"),
    "avis-incomplet": _message("Votre avis n'est pas complet",
                               "Choisissez pour qui, et touchez le visage qui vous ressemble.", "refused",
                               "feedback.form", "Revenir à mon avis"),
    # The refusal's own words come from shared/kiosk/walk_ins.py, with the day's roster.
    "prenom-refuse": _message(blank("title"), "Touchez le bouton et recommencez.", "refused", "discover.form",
                              "Recommencer"),
}


@bp.get("/<name>")
def screen(name: str):
    if name not in SCREENS:
        abort(404)
    g.offline_screen = True  # no CSRF token, so no session (kiosk/templates/_macros.html)
    return SCREENS[name]()


_version_cache: dict = {}


def shell_version() -> str:
    """A digest of every static file (people's symbols aside) and template: it changes with the code."""
    roots = [Path(current_app.static_folder), Path(current_app.root_path) / current_app.template_folder]
    files = sorted((str(path.relative_to(root)), path) for root in roots
                   for path in root.rglob("*") if path.is_file() and "symbols" not in path.relative_to(root).parts)
    stamp = tuple((name, path.stat().st_mtime_ns, path.stat().st_size) for name, path in files)
    if _version_cache.get("stamp") != stamp:
        digest = hashlib.sha256()
        for name, path in files:
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        _version_cache.update(stamp=stamp, version=digest.hexdigest()[:16])
    return _version_cache["version"]
