"""Issue 22 (11): the server checks every form and answers in French next to the field; the browser never does
(« Please fill out this field. » in an English browser, a date shown 12/21/2026): every form that posts
fields says ``novalidate``, and no field is HTML's ``type=date``."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.backoffice.test_pages import ENDPOINTS
from tests.backoffice.world import build_world, record_ids
from tests.pages import text

# What makes a browser check a field itself before posting.
CHECKED_TYPES = {"email", "number", "url", "date", "datetime-local", "time", "month", "week", "tel"}
CHECKED_ATTRIBUTES = {"required", "pattern", "min", "max", "minlength"}


class Forms(HTMLParser):
    """Posting forms whose fields the browser would check, and their ``novalidate``; links to follow."""

    def __init__(self) -> None:
        super().__init__()
        self.checked_without_novalidate: list[str] = []
        self.native_dates: list[str] = []
        self.links: list[str] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self._form = {"novalidate": "novalidate" in attributes, "action": attributes.get("action") or ""}
        if tag in ("input", "select", "textarea"):
            kind = (attributes.get("type") or "text").lower()
            if kind == "date":
                self.native_dates.append(attributes.get("name") or "")
            checked = kind in CHECKED_TYPES or CHECKED_ATTRIBUTES & set(attributes)
            if checked and self._form is not None and not self._form["novalidate"]:
                self.checked_without_novalidate.append(f"{self._form['action']} {attributes.get('name')}")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def _read(client, url: str) -> Forms:
    response = client.get(url)
    assert response.status_code in (200, 403, 404), (url, response.status_code)
    forms = Forms()
    forms.feed(text(response))
    return forms


def _form_pages(client, world) -> list[str]:
    ids = record_ids(world)
    pages = ["/decisions/vote", "/session/new/"]
    for endpoint in ENDPOINTS:
        pages.append(f"/{endpoint}/new/")
        if endpoint in ids:
            pages += [f"/{endpoint}/edit/?id={ids[endpoint]}", f"/{endpoint}/details/?id={ids[endpoint]}"]
    actions = set()
    for url in pages:
        for link in _read(client, url).links:
            path = urlsplit(link).path
            if path.startswith(("/actions/", "/decisions/")) and "/print" not in path and "/export" not in path:
                actions.add(link)
    return pages + sorted(actions)


@pytest.mark.parametrize("role", ["admin", "facilitator"])
def test_no_form_leaves_a_field_to_the_browser_s_own_checks(world, login_as, role):
    client = login_as(getattr(world, role))
    visited, left_to_browser, native_dates = 0, [], []
    for url in _form_pages(client, world):
        forms = _read(client, url)
        visited += 1
        left_to_browser += [f"{url}: {field}" for field in forms.checked_without_novalidate]
        native_dates += [f"{url}: {field}" for field in forms.native_dates]
    assert visited > 30
    assert not left_to_browser
    assert not native_dates


def test_an_empty_person_form_is_answered_by_the_server_in_french_next_to_each_field(world, login_as):
    response = login_as(world.facilitator).post("/participant/new/", data={})
    page = text(response)
    assert response.status_code == 200
    assert "Indiquez le prénom." in page[page.index('name="first_name"'):page.index('name="last_name"')]
    assert "This field is required" not in page and "Please fill" not in page


WTFORMS_ENGLISH = ("This field is required", "Not a valid", "Invalid", "Please fill", "could not coerce")


@pytest.mark.parametrize("endpoint", [e for e in ENDPOINTS if e not in ("audit", "walkin", "feedback")])
def test_an_empty_create_form_is_refused_in_french_next_to_its_fields(world, login_as, endpoint):
    from tests.backoffice.english_strings import english_on_page

    client = login_as(world.admin)
    if client.get(f"/{endpoint}/new/").status_code != 200:
        pytest.skip(f"no create form for {endpoint}")
    response = client.post(f"/{endpoint}/new/", data={})
    page = text(response)
    assert response.status_code == 200, (endpoint, response.status_code)
    assert 'class="invalid-feedback' in page or "alert-danger" in page, endpoint
    assert not [w for w in WTFORMS_ENGLISH if w in page], endpoint
    assert not english_on_page(page), (endpoint, english_on_page(page))
