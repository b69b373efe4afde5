"""Issue 14, French everywhere, in Chromium with a French and with an English browser language: the journeys
of docs/ typed with French dates through the French picker (weeks from Monday, out of the save buttons' way),
a refusal said once under its field, and none of Flask-Admin's English strings on any page visited.
Screenshots at 1366×768 in test-artifacts/backoffice/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from shared.staff.models import Role
from tests.backoffice.english_strings import english_in_text
from tests.browser.conftest import sign_in
from tests.chromium import opened_page

pytestmark = pytest.mark.browser

LANGUAGES = {"fr": "fr-FR", "en": "en-US"}
NOT_A_DATE = "Date non valide\u00a0: écrivez-la JJ/MM/AAAA, par exemple 25/11/2026."
# What a user reads, JavaScript-built parts included: text, tooltips, placeholders, button labels.
SHOWN_TEXT = """() => {
  const parts = [document.body.innerText];
  for (const el of document.querySelectorAll('[title],[placeholder],[aria-label],[data-original-title],input[type=submit],input[type=button]')) {
    for (const name of ['title', 'placeholder', 'aria-label', 'data-original-title']) {
      if (el.getAttribute(name)) parts.push(el.getAttribute(name));
    }
    if (el.matches('input[type=submit],input[type=button]')) parts.push(el.value);
  }
  const filters = document.getElementById('filter-groups-data');
  if (filters) parts.push(filters.textContent);
  return parts.join('\\n');
}"""


@pytest.fixture(params=sorted(LANGUAGES))
def language(request):
    return request.param


@pytest.fixture
def page(browser, language):
    with opened_page(browser, locale=LANGUAGES[language], size=(1366, 768)) as page:
        yield page


def assert_french(page):
    text = page.evaluate(SHOWN_TEXT)
    found = [m for m in english_in_text(text) if m != "Export" or re.search(r"^\s*Export( [A-Z]+)?\s*$", text, re.M)]
    assert not found, (page.url, found)


def _ids(db):
    from shared import clock
    from shared.contracts.models import Contract

    return db.scalar(select(Contract.id).where(Contract.in_force_on(clock.today())).order_by(Contract.id))


def open_picker(page, selector):
    page.click(selector)
    picker = page.locator(".daterangepicker:visible").first
    expect(picker).to_be_visible()
    return picker


def test_every_page_is_in_french_whatever_the_browser(live_server, page):
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    assert_french(page)
    menu = sorted({href for href in page.eval_on_selector_all(
        ".navbar a[href^='/']", "els => els.map(e => e.getAttribute('href'))") if href not in ("/", "#")})
    assert len(menu) > 8, menu
    visited = 0
    for href in menu:
        page.goto(live_server.url + href)
        assert_french(page)
        visited += 1
        links = page.eval_on_selector_all(
            "a[href*='/details/'], a[href*='/edit/'], a[href*='/new/']", "els => els.map(e => e.getAttribute('href'))")
        for kind in ("/new/", "/details/", "/edit/"):
            first = next((link for link in links if kind in link), None)
            if first:
                page.goto(live_server.url + first if first.startswith("/") else first)
                assert_french(page)
                visited += 1
    assert visited > 25


def test_a_contract_s_dates_are_typed_the_french_way_through_a_french_picker(live_server, page, shoot, language):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    contract_id = live_server.call(_ids)
    page.goto(f"{live_server.url}/actions/exit-plan/{contract_id}")
    field = "input[name=target_on]"
    expect(page.locator(field)).to_have_attribute("placeholder", "JJ/MM/AAAA")
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", page.input_value(field))  # proposed, shown the French way

    picker = open_picker(page, field)
    headers = picker.locator(".calendar.left thead tr").last.locator("th").all_inner_texts()
    assert [h.strip().lower() for h in headers][:2] == ["lu", "ma"], headers  # weeks start on Monday
    month_names = " ".join(picker.locator("select.monthselect option").all_inner_texts()).lower()
    assert "novembre" in month_names and "Dec" not in month_names
    box, save = picker.bounding_box(), page.locator("form:not([action$='/logout']) button[type=submit]").first.bounding_box()
    overlaps = not (box["x"] + box["width"] <= save["x"] or save["x"] + save["width"] <= box["x"]
                    or box["y"] + box["height"] <= save["y"] or save["y"] + save["height"] <= box["y"])
    assert not overlaps, (box, save)
    assert_french(page)
    shoot(page, f"14-date-picker-open-{language}", full_page=False)

    page.fill(field, "")
    page.type(field, "31/12/2026")  # key by key: the picker must not rewrite what is being typed
    expect(page.locator(field)).to_have_value("31/12/2026")
    page.keyboard.press("Escape")
    page.locator("textarea").first.click()
    expect(page.locator(field)).to_have_value("31/12/2026")


def test_a_refused_date_is_said_once_under_its_field(live_server, page, shoot, language):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    contract_id = live_server.call(_ids)
    page.goto(f"{live_server.url}/actions/exit-plan/{contract_id}")
    page.fill("input[name=target_on]", "31/02/2026")
    page.locator("textarea").first.click()
    page.locator("form:not([action$='/logout']) button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator(".invalid-feedback")).to_contain_text(NOT_A_DATE)
    assert page.locator("body").inner_text().count(NOT_A_DATE) == 1
    assert_french(page)
    shoot(page, f"15-refused-date-{language}", full_page=False)


def test_a_list_shows_french_wording_and_numbers(live_server, page, shoot, language):
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    page.goto(f"{live_server.url}/session/")
    body = page.locator("body").inner_text()
    assert not re.search(r"\d\.\d / 4", body)
    expect(page.get_by_text("Pour la sélection")).to_have_count(1)
    expect(page.locator("body")).to_contain_text("lignes par page")
    assert_french(page)
    shoot(page, f"16-list-{language}", full_page=False)


def _overlap(a, b) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_a_flask_admin_form_s_picker_leaves_the_save_buttons_visible_and_a_refusal_is_said_once(
        live_server, page, shoot, language):
    sign_in(page, live_server.url, live_server.credentials[Role.ADMIN.value])
    page.goto(f"{live_server.url}/exit/new/")
    field = "input[name=left_on]"
    expect(page.locator(field)).to_have_attribute("data-date-format", "DD/MM/YYYY")
    picker = open_picker(page, field)
    expect(picker.locator(".calendar.left thead tr").last.locator("th").first).to_have_text("lu")
    for button in page.locator(".submit-row input[type=submit], .submit-row a.btn").all():
        assert not _overlap(picker.bounding_box(), button.bounding_box()), button.get_attribute("value")
    assert_french(page)
    shoot(page, f"17-form-date-picker-open-{language}", full_page=False)

    page.keyboard.press("Escape")
    page.fill(field, "")
    page.type(field, "31/02/2026")
    page.locator(".submit-row input[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    body = page.locator("body").inner_text()
    assert body.count(NOT_A_DATE) == 1, body
    expect(page.locator(".alert-danger")).to_have_count(0)  # no notice on top: the message is under the field
    assert_french(page)
    shoot(page, f"18-form-refused-{language}", full_page=False)
