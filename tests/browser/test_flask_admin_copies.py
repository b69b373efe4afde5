"""In Chromium, each part of a list or form page that backoffice/core/ copied from Flask-Admin 2.2 still works as a
person uses it: the list's actions menu (admin/actions.html), « Ajouter une ligne » of an inline list
(admin/model/inline_list_base.html) and the filters (static/lists/filters.js). A Flask-Admin upgrade that changes
what these copies rely on (its scripts, its markup, its form names) fails here."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def _two_tablets(session) -> list[int]:
    """Two tablets of the demo group, added as the test's set-up."""
    from shared.groups.models import Group
    from shared.kiosk.models import Device

    group = session.scalars(select(Group).order_by(Group.id)).first()
    tablets = [Device(group=group, name=f"Tablette copie {n}", token_hash=uuid.uuid4().hex) for n in (1, 2)]
    session.add_all(tablets)
    session.commit()
    return [tablet.id for tablet in tablets]


def _revoked(session, ids: list[int]) -> list[bool]:
    from shared.kiosk.models import Device

    return [session.get(Device, id_).revoked_at is not None for id_ in ids]


def test_the_actions_menu_runs_on_the_ticked_rows_once_confirmed(live_server, page):
    tablets = live_server.call(_two_tablets)
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    page.goto(f"{live_server.url}/device/")
    for id_ in tablets:
        page.locator(f"input.action-checkbox[value='{id_}']").check()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Pour la sélection").click()
    page.locator("[data-model-action='revoke']").click()
    expect(page.get_by_text("2 tablette(s) révoquée(s).")).to_be_visible()
    assert asked == ["Ces tablettes ne pourront plus servir. Continuer\u00a0?"]
    assert live_server.call(lambda session: _revoked(session, tablets)) == [True, True]


def test_an_inline_list_adds_a_row_of_fields_and_removes_it(live_server, page):
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    page.goto(f"{live_server.url}/contract/new/")
    rows = page.locator("#objectives .inline-field-list > .inline-field")
    before = rows.count()
    add = page.locator("a[data-add-inline-field='objectives']")
    expect(add).to_contain_text("Ajouter une ligne")
    add.click()
    expect(rows).to_have_count(before + 1)
    added = rows.last
    expect(added.locator(f"[name='objectives-{before}-wording']")).to_be_visible()
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    added.locator("button.inline-remove-field").click()
    expect(rows).to_have_count(before)
    assert asked and "?" in asked[0]


def _open_files_by_gender(session) -> tuple[set[str], set[str]]:
    """Last names of the people with an open file: the women's, everyone's."""
    from shared.people.models import Gender, Participant

    people = session.scalars(select(Participant).where(Participant.closed_on.is_(None))).all()
    return {p.last_name for p in people if p.gender is Gender.FEMALE}, {p.last_name for p in people}


def test_a_filter_added_and_applied_changes_the_list(live_server, page):
    women, everyone = live_server.call(_open_files_by_gender)
    assert women and everyone - women  # the demo has both, so the filter must change the list
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    page.goto(f"{live_server.url}/participant/?page_size=100")
    rows = page.locator("table.model-list tbody tr")
    expect(rows).to_have_count(len(everyone))
    page.get_by_text("Ajouter un filtre").click()
    page.locator(".dropdown-item.filter", has_text="Genre").click()
    page.locator("table.filters div.select2-container.filter-val a.select2-choice").click()
    page.locator("#select2-drop .select2-result-label", has_text="Femme").click()
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url(re.compile(r"flt\d*_genre_equals=female"))
    expect(rows).to_have_count(len(women))
    headers = [text.strip() for text in page.locator("table.model-list thead th").all_inner_texts()]
    column = headers.index("Nom")
    assert {rows.nth(n).locator("td").nth(column).inner_text().strip() for n in range(len(women))} == women
