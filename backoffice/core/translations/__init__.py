"""Our French catalogue over Flask-Admin's (domain ``admin``): ``fr/LC_MESSAGES/admin.po``, compiled to the
committed ``admin.mo`` (``pybabel compile -d backoffice/core/translations -D admin -l fr``; a test checks the two agree).

Flask-Admin's ``translations_path`` does not do it: Flask-Babel merges the directories in order and the later
wins, and Flask-Admin puts its own last; it also caches whatever the first ``gettext`` of the process found,
even outside an admin view. So ours is appended to Flask-Admin's domain itself: loaded last, it wins (Flask-Admin 2.2's
``flask_admin.babel.domain``, a Flask-Babel 4.0 ``Domain`` whose ``_translation_directories`` we extend).
"""

from __future__ import annotations

from pathlib import Path

from flask_admin import babel as admin_babel

DIRECTORY = Path(__file__).resolve().parent
CATALOGUE = DIRECTORY / "fr" / "LC_MESSAGES" / "admin.po"


def install() -> None:
    """Idempotent: every app built by ``create_app`` shares Flask-Admin's one domain."""
    domain = admin_babel.domain
    directories = domain._translation_directories
    if str(DIRECTORY) not in directories:
        directories.append(str(DIRECTORY))
        domain.cache.clear()
