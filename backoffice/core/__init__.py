"""The one place that knows Flask-Admin's insides: the base views, the save hooks (``domain_writes``), list
counting, filters, exports, ajax look-ups, the translations wiring, the menu order, and the templates and script
copied from Flask-Admin (``templates/admin/…``, ``static/lists/filters.js``). Each copy or override of a private
name says which Flask-Admin version it follows; pyproject.toml pins Flask-Admin to that minor version, and
``tests/backoffice/core/test_fence.py`` checks nothing outside this package reaches a private name of Flask-Admin.
"""

from __future__ import annotations

from flask import Blueprint, Flask

# Registered before ``Admin(app)``, so that our ``admin/…`` templates are found before Flask-Admin's own.
bp = Blueprint("idmix_core", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/core")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
