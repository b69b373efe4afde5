"""Read a search-as-you-type select (Flask-Admin's select2 AJAX field) in a rendered page."""

from __future__ import annotations

import html
import json
import re


def chosen(response, name: str) -> tuple[int, str] | None:
    """The (id, label) the field ``name`` of a page shows as chosen, or None when it shows no choice."""
    page = response.get_data(as_text=True)
    found = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', page)
    assert found, f"no field {name!r} in the page"
    tag = found.group(0)
    assert 'data-role="select2-ajax"' in tag, f"{name!r} is not a search-as-you-type select: {tag}"
    data = re.search(r'data-json="([^"]*)"', tag)
    return tuple(json.loads(html.unescape(data.group(1)))) if data else None
