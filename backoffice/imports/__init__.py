"""Bringing a group's spreadsheets in from the back-office: upload, columns, preview, confirmation.

``register`` adds the view (menu « Paramètres ») and lets its upload be larger than other forms; its templates are
``imports/…`` (``backoffice.domains``).
"""

from __future__ import annotations

from flask import Flask, request

from shared.imports.readers import MAX_BYTES

MENU = "Paramètres"
URL = "/imports"
# The file, plus the form's few fields: beyond, the French 413 page (the file's own limit is said before).
UPLOAD_LIMIT = MAX_BYTES + 64 * 1024


def register(admin, app: Flask) -> None:
    from .views import ImportView

    admin.add_view(ImportView(name="Importer des fichiers", endpoint="imports", url=URL, category=MENU))

    def _larger_upload() -> None:
        """Only the import's upload may exceed the back-office's 1 MB (read before CSRF reads the form)."""
        if request.method == "POST" and request.path.startswith(f"/{URL.strip('/')}/"):
            request.max_content_length = UPLOAD_LIMIT

    app.before_request_funcs.setdefault(None, []).insert(0, _larger_upload)
