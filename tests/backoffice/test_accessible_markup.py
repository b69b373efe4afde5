"""RGAA 4.1 in the HTML itself (issue #25, findings 11 and 13), for each role over every page its links reach: the
page says it is French (lang="fr"), its content sits in one <main>, nothing is a javascript:void(0) link, and no
page nor stylesheet asks Google for fonts. The browser's side (axe-core, contrast) is tests/browser/."""

from __future__ import annotations

import re

import pytest

from tests.backoffice.test_french_pages import crawl
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def problems_of(html: str) -> list[str]:
    found = []
    if not re.search(r'<html lang="fr"[ >]', html):
        found.append("no lang=fr")
    if len(re.findall(r"<main[ >]", html)) != 1:
        found.append("not one <main>")
    if "javascript:" in html:
        found.append("a javascript: link")
    if "fonts.googleapis.com" in html or "fonts.gstatic.com" in html:
        found.append("Google Fonts")
    return found


@pytest.mark.parametrize("role", ["admin", "facilitator", "referrer"])
def test_every_page_a_role_reaches_is_french_with_one_main_and_no_javascript_link(world, login_as, role):
    pages = crawl(login_as(getattr(world, role)), limit=150)
    assert len(pages) > 10, sorted(pages)
    bad = {url: found for url, html in pages.items() if (found := problems_of(html))}
    assert bad == {}


def test_the_pages_outside_the_menu_are_french_and_ask_nothing_of_google(client):
    for path in ("/login", "/page-qui-n-existe-pas"):
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert problems_of(html) == [], path


def test_the_theme_is_served_without_its_google_fonts_import(client):
    css = client.get("/static/vendor/bootswatch/flatly.min.css").get_data(as_text=True)
    assert "@import" not in css and "googleapis" not in css
    assert ".navbar" in css  # the whole theme, not an empty file
    contrast = client.get("/static/theme/contrast.css")
    assert contrast.status_code == 200 and "#0f7864" in contrast.get_data(as_text=True)


def test_a_list_with_several_pages_marks_the_current_one_and_links_no_void(world, login_as, make, db):
    for _ in range(30):
        make.participant(world.participant.group)
    client = login_as(world.admin)
    html = client.get("/participant/?page=1").get_data(as_text=True)
    assert '<nav aria-label="Pages de la liste">' in html
    assert 'aria-current="page"><span class="sr-only">Page </span>2</span>' in html
    assert 'aria-label="Page précédente"' in html
    assert "javascript:" not in html
