"""Bringing a group's spreadsheets in from the back-office: upload, columns, preview, confirmation.

``IMPORT_VIEWS()`` gives the view to add (menu « Paramètres »); ``init_app`` lets its upload be larger than
other forms and makes its templates found (``templates/imports/``).
"""

from __future__ import annotations

from flask import Blueprint, Flask, request

from shared.imports.readers import MAX_BYTES

MENU = "Paramètres"
URL = "/imports"
# The file, plus the form's few fields: beyond, the French 413 page (the file's own limit is said before).
UPLOAD_LIMIT = MAX_BYTES + 64 * 1024


def IMPORT_VIEWS() -> list:  # noqa: N802 - a list builder, like views.registry.VIEWS
    from .views import ImportView

    return [ImportView(name="Importer des fichiers", endpoint="imports", url=URL, category=MENU)]


def init_app(app: Flask) -> None:
    app.register_blueprint(Blueprint("imports_templates", __name__, template_folder="templates"))

    def _larger_upload() -> None:
        """Only the import's upload may exceed the back-office's 1 MB (read before CSRF reads the form)."""
        if request.method == "POST" and request.path.startswith(f"/{URL.strip('/')}/"):
            request.max_content_length = UPLOAD_LIMIT

    app.before_request_funcs.setdefault(None, []).insert(0, _larger_upload)
