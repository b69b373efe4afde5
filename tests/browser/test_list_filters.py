"""In Chromium, with a French and with an English browser: a list's « Groupe » filter fetches its choices when it
is added (the page carries none), offers the facilitator's groups (tests/backoffice/core/test_filter_options.py: only
theirs), and filters the list; the filtered page, reloaded or come back to with Back, shows the filter with its
choice."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def groups(db):
    """The names of the demo facilitator's groups."""
    from shared.staff.models import StaffMember

    facilitator = db.scalar(select(StaffMember).where(StaffMember.role == Role.FACILITATOR))
    return sorted(g.name for g in facilitator.groups)


def test_the_group_filter_fetches_its_choices_and_filters_the_list(live_server, page_in, shoot):
    page, locale = page_in
    mine = live_server.call(groups)
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    page.goto(f"{live_server.url}/participant/")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "filter-options" in request.url else None)
    page.get_by_text("Ajouter un filtre").click()
    page.locator(".dropdown-item.filter", has_text="Groupe").click()
    choice = page.locator("table.filters select.filter-val")
    expect(choice).to_be_attached()
    assert sorted(choice.locator("option").all_inner_texts()) == mine and len(fetched) == 1
    page.locator("table.filters div.select2-container.filter-val a.select2-choice").click()  # as a person does
    page.locator("#select2-drop .select2-result-label", has_text=mine[0]).click()
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_url("**flt*_groupe_equals=*")
    expect(page.locator("table.filters .remove-filter")).to_contain_text("Groupe")
    shoot(page, f"45-group-filter-{locale}", full_page=False)

    page.reload()
    selected = page.locator("table.filters select.filter-val option:checked")
    expect(selected).to_have_text(mine[0])
    page.goto(f"{live_server.url}/session/")
    page.go_back()
    expect(page.locator("table.filters select.filter-val option:checked")).to_have_text(mine[0])
