"""A list's addresses keep what the page shows: the page-size menu, the sort headers and the pager keep the
search and the filters, and each page size leads to that many rows."""

import re
from html import unescape

from tests.backoffice.world import build_world


def test_the_page_size_menu_keeps_the_search_and_the_filter(make, db, login_as):
    world = build_world(make, db)
    for n in range(60):
        make.participant(world.group, last_name=f"Martin{n:02d}")
    db.flush()
    client = login_as(world.admin)
    page = client.get(f"/participant/?search=martin&flt0_groupe_equals={world.group.id}").get_data(as_text=True)
    links = {label: unescape(href) for href, label in
             re.findall(r'<a class="dropdown-item[^"]*" href="([^"]+)">(\d+) lignes</a>', page)}
    assert set(links) == {"25", "50", "100"}
    assert "page_size" not in links["25"]
    for size in ("50", "100"):
        assert "search=martin" in links[size] and f"flt0_groupe_equals={world.group.id}" in links[size]
        assert links[size].endswith(f"page_size={size}")
    fifty = client.get(links["50"]).get_data(as_text=True)
    assert fifty.count('class="action-checkbox"') == 50
    sorted_by_name = re.search(r'href="([^"]*sort=[^"]*)"', fifty)
    assert "page_size=50" in unescape(sorted_by_name[1]) and "search=martin" in unescape(sorted_by_name[1])
