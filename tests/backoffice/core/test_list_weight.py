"""A list page of 25 rows stays under 50 KB of HTML (bench/list_pages.py measures its time): one
delete form for the page instead of one a row, and rows without the templates' indentation. The
« Supprimer » button of a row still deletes that row, after its confirmation."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import func, select

from shared import clock
from shared.groups.models import Theme
from tests.backoffice.world import build_world

MAX_BYTES = 50_000


@pytest.fixture
def crowded(make, db):
    world = build_world(make, db)
    today = clock.today()
    for number in range(30):
        person = make.participant(world.group, referrer=world.referrer, first_name="Jeanne", last_name=f"Leroy{number}",
                                  town="Villeneuve-la-Garenne")
        contract = make.contract(person, facilitator=world.facilitator)
        session = make.session(world.group, held_on=today - dt.timedelta(days=number + 100), title="Atelier cuisine")
        make.attendance(session, person)
        make.theme(name=f"Thème {number}")
        assert contract.id
    return world


@pytest.mark.parametrize("view", ["participant", "contract", "session", "attendance", "referral", "theme", "audit"])
def test_a_list_page_of_25_rows_weighs_under_50_kb(crowded, login_as, view):
    response = login_as(crowded.admin).get(f"/{view}/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if view != "audit":
        assert page.count('class="action-checkbox"') == 25
    assert len(response.data) < MAX_BYTES, f"{view}: {len(response.data)} bytes"
    assert page.count('name="csrf_token"') <= 3  # the page's delete, bulk-action and sign-out forms: not one a row


def test_a_rows_delete_button_deletes_that_row(crowded, login_as, db):
    client = login_as(crowded.admin)
    page = html.unescape(client.get("/theme/").get_data(as_text=True))
    form = re.search(r'<form id="idmix-delete-row" method="POST" action="([^"]+)" hidden>(.*?)</form>', page, re.S)
    assert form, "one delete form for the page"
    fields = dict(re.findall(r'name="(\w+)" type="hidden" value="([^"]*)"', form[2]))
    buttons = re.findall(r'<button type="submit" form="idmix-delete-row" name="id" value="(\d+)"[^>]*'
                         r'data-confirm="([^"]+)"', page)
    assert buttons and all("supprimer" in confirm for _, confirm in buttons)
    unused = {str(t.id): t.name for t in db.scalars(select(Theme).where(Theme.name.startswith("Thème")))}
    victim = next(theme_id for theme_id, _ in buttons if theme_id in unused)  # used by no session
    name = unused[victim]
    before = db.scalar(select(func.count()).select_from(Theme))
    response = client.post(form[1], data=fields | {"id": victim})
    assert response.status_code == 302
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Theme)) == before - 1
    assert db.scalar(select(Theme).where(Theme.name == name)) is None


def test_a_signed_contract_row_has_no_delete_button(crowded, login_as):
    page = login_as(crowded.admin).get("/contract/").get_data(as_text=True)
    assert f'name="id" value="{crowded.contract.id}"' not in page


ROW = re.compile(r'<tr>\s*<td><input type="checkbox" name="rowid" class="action-checkbox" value="(\d+)"(.*?)</tr>', re.S)


@pytest.mark.parametrize("view, links", [
    ("participant", ["/participant/details/?id={id}", "/participant/edit/?id={id}", "/actions/kiosk/pin/{id}"]),
    ("session", ["/session/details/?id={id}", "/session/edit/?id={id}", "/actions/attendance/{id}",
                 "/actions/print/session/{id}"]),
    ("theme", ["/theme/edit/?id={id}"]),
    ("contract", ["/contract/details/?id={id}", "/actions/print/contract/{id}"]),
])
def test_each_rows_links_and_delete_button_are_its_own(crowded, login_as, view, links):
    """The actions cell is rendered once a page and filled in with each row's id (bench/list_pages.py)."""
    client = login_as(crowded.admin)
    for query, expected in (("", 25), ("?page=1", None), ("?search=987654321012345", 0)):  # the stand-in id
        page = html.unescape(client.get(f"/{view}/{query}").get_data(as_text=True))
        rows = ROW.findall(page)
        assert len(rows) == expected if expected is not None else 0 < len(rows) < 25
        for row_id, cells in rows:
            for link in links:
                assert link.format(id=row_id) in cells, (view, row_id, link)
            assert re.findall(r'form="idmix-delete-row" name="id" value="(\d+)"', cells) in ([row_id], [])
            ids_in_links = re.findall(r'href="[^"]*?(?:[?&]id=|/)(\d+)(?:["?&])', cells)
            assert ids_in_links and set(ids_in_links) == {row_id}, (view, row_id, ids_in_links)
