"""Reading an answer as a person does, and counting rows as the database holds them."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select


def text(response) -> str:
    """The page as a person reads it: entities like &#39; turned back into characters."""
    return html.unescape(response.get_data(as_text=True))


def listed(response) -> int:
    """The « Liste (N) » tab of a list page: how many rows the list has in all its pages (no number: none)."""
    found = re.search(r"Liste \((\d+)\)", text(response))
    return int(found[1]) if found else 0


def count(db, model, *where) -> int:
    """Rows of ``model`` now (what the app's requests committed, not the test's identity map)."""
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model).where(*where))
