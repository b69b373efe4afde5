"""A list's count (« Liste (N) », the pages) is right whether the database or the page's rows tell it, and the
database is asked only when the rows cannot tell it."""

import re

import pytest

from backoffice.core.list_count import rows_tell_count
from shared.staff.models import Role
from tests.statements import counting_queries


def _people_page(client, group, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    with counting_queries() as statements:
        response = client.get(f"/participant/?flt0_groupe_equals={group.id}&{query}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    counted = [s for s in statements if re.match(r"\s*SELECT count\(\*\)", s, re.IGNORECASE)]
    return html, counted


def _list_tab(html):
    return re.search(r'class="nav-link active">([^<]*)</a>', html).group(1)


def _group_of(make, db, people):
    group = make.group()
    for _ in range(people):
        make.participant(group)
    db.flush()
    return group


def test_a_list_on_one_page_is_counted_from_its_rows(make, db, login_as):
    group = _group_of(make, db, 3)
    client = login_as(make.staff(Role.ADMIN))
    html, counted = _people_page(client, group)
    assert _list_tab(html) == "Liste (3)"
    assert html.count('name="rowid"') == 3
    assert not counted


def test_a_full_page_asks_the_database_for_the_rest(make, db, login_as):
    group = _group_of(make, db, 27)
    client = login_as(make.staff(Role.ADMIN))
    html, counted = _people_page(client, group)
    assert _list_tab(html) == "Liste (27)"
    assert "page=1" in html  # the pager offers the second page
    assert len(counted) == 1

    html, counted = _people_page(client, group, page=1)
    assert _list_tab(html) == "Liste (27)"
    assert html.count('name="rowid"') == 2
    assert not counted


def test_a_page_past_the_end_is_counted_by_the_database(make, db, login_as):
    group = _group_of(make, db, 3)
    client = login_as(make.staff(Role.ADMIN))
    html, counted = _people_page(client, group, page=4)
    assert _list_tab(html) == "Liste (3)"
    assert len(counted) == 1


def test_a_search_with_no_match_shows_no_count(make, db, login_as):
    group = _group_of(make, db, 3)
    client = login_as(make.staff(Role.ADMIN))
    html, counted = _people_page(client, group, search="zzzzzz")
    assert _list_tab(html) == "Liste"
    assert not counted


@pytest.mark.parametrize("rows, offset, limit, tells", [
    (3, 0, 25, True), (25, 0, 25, False), (0, 0, 25, True), (0, 50, 25, False), (2, 25, 25, True),
    (40, 0, 0, True), (40, 0, None, True),
])
def test_when_the_rows_tell_the_count(rows, offset, limit, tells):
    assert rows_tell_count(list(range(rows)), offset, limit) is tells
