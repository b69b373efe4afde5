"""The back-office's domains, mirroring ``shared/<domain>/``: each package holds its views, actions, forms and
templates, and says in its ``register(admin, app)`` what it adds. This is the one place that calls them.

A domain's ``templates/`` folder joins the template search path; its templates are named
``<domain>/<file>.html`` (``render_template("contracts/renewal.html")`` is ``backoffice/contracts/templates/…``).
"""

from __future__ import annotations

import importlib

from flask import Blueprint, Flask
from flask_admin import Admin

from .core.menu import order_menu

# Registration order; the menu's top-level order is MENU's, whatever the order the domains add their views.
DOMAINS = ("dashboard", "people", "exits", "contracts", "reviews", "sessions", "messaging", "feedback", "decisions",
           "groups", "partners", "kiosk", "staff", "imports", "attestations", "audit", "report")
MENU = ("Tableau de bord", "Personnes", "Contrats", "Bilans", "Séances", "Avis", "Décisions", "Partenaires",
        "Paramètres", "Actions", "Bilan d'activité", "Mon compte")


def register_domains(admin: Admin, app: Flask) -> None:
    for name in DOMAINS:
        domain = importlib.import_module(f"{__package__}.{name}")
        app.register_blueprint(Blueprint(f"{name}_templates", domain.__name__, template_folder="templates"))
        domain.register(admin, app)
    from .account import AccountView

    admin.add_view(AccountView(name="Mon compte", endpoint="account", url="/account"))
    order_menu(admin, MENU)
