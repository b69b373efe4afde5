"""A back-office form through the live server: opened, typed over, posted; and the row it saved read back."""

from __future__ import annotations

from .client import fill


def submit(browser, path: str, **typed):
    """Open the form at ``path``, type ``typed`` over what it shows, post it; return the answer."""
    page = browser.get(path)
    assert page.status == 200, (path, page.status)
    return browser.post(path, fill(page.text, **typed))


def saved(answer) -> bool:
    """Flask-Admin redirects after a save and shows the form again when it refuses one."""
    return answer.status == 302 and "/new/" not in answer.location and "/edit/" not in answer.location


def one(live_session, query):
    with live_session() as db:
        rows = db.scalars(query).all()
        assert len(rows) == 1, rows
        db.expunge_all()
        return rows[0]
