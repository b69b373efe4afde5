"""The back-office speaks French on every page, whatever the browser's language: a crawl as admin finds
none of Flask-Admin's English strings."""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.backoffice.english_strings import english_on_page
from tests.backoffice.world import build_world

ENGLISH_BROWSER = {"Accept-Language": "en-US,en;q=0.9"}
NOT_PAGES = ("/logout", "/static/", "/export/", "/ajax/")
NOT_PAGE_ENDINGS = (".csv", ".ics", ".pdf", ".xlsx", ".png", ".svg")
VARIANTS_PER_PATH = 3  # sort orders and page sizes of one list are one page for this purpose


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _is_page(url: str) -> bool:
    parts = urlsplit(url)
    return (not parts.scheme and not parts.netloc and parts.path.startswith("/")
            and not parts.path.startswith(NOT_PAGES) and not parts.path.endswith(NOT_PAGE_ENDINGS))


def crawl(client, start: str = "/", headers=None, limit: int = 400) -> dict[str, str]:
    """Every page reachable by links from ``start``: url → HTML. Fails on any answer but 200 or a redirect."""
    seen, pages, per_path = {start}, {}, Counter()
    queue = deque([start])
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url, headers=headers or {})
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        html = response.get_data(as_text=True)
        pages[url] = html
        for href in _links(html):
            href = urldefrag(href).url
            if not href or href in seen or not _is_page(href):
                continue
            path = urlsplit(href).path
            if per_path[path] >= VARIANTS_PER_PATH:
                continue
            per_path[path] += 1
            seen.add(href)
            queue.append(href)
    return pages


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


@pytest.mark.parametrize("headers", [ENGLISH_BROWSER, {"Accept-Language": "fr-FR,fr;q=0.9"}], ids=["en", "fr"])
def test_no_page_shows_flask_admins_english(world, login_as, headers):
    client = login_as(world.admin)
    pages = crawl(client, headers=headers)
    assert len(pages) > 40, sorted(pages)  # lists, records, forms of every view were reached
    english = {url: found for url, html in pages.items() if (found := english_on_page(html))}
    assert not english, english


def test_an_english_browser_gets_french_buttons_and_actions(world, login_as):
    client = login_as(world.admin)
    listing = client.get("/participant/", headers=ENGLISH_BROWSER).get_data(as_text=True)
    for french in ("Pour la sélection", "Voir la fiche", "Modifier la fiche", "lignes par page",
                   "Voulez-vous vraiment supprimer cette fiche\u00a0?", "Rechercher", ">50 lignes<",
                   "25 lignes par page", 'title="Cocher cette ligne"', ">Exporter XLSX<"):
        assert french in listing, french
    filtered = client.get("/audit/?flt0_type_de_fiche_equals=participant", headers=ENGLISH_BROWSER).get_data(as_text=True)
    assert "Effacer les filtres" in filtered
    form = client.get(f"/contract/edit/?id={world.contract.id}", headers=ENGLISH_BROWSER).get_data(as_text=True)
    for french in ("Enregistrer", "Annuler", "Nouvelle ligne\u00a0:", "Ajouter une ligne\u00a0:"):
        assert french in form, french


def test_no_record_page_shows_a_filter_box_above_the_record(world, login_as):
    """Flask-Admin's « Filtrer » box read as an empty form field above every record."""
    client = login_as(world.admin)
    records = {url: html for url, html in crawl(client).items() if "/details/" in url}
    assert len(records) > 10, sorted(records)
    assert [url for url, html in records.items() if 'id="fa_filter"' in html] == []
