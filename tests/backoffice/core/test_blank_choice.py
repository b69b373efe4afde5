"""An optional choice left empty shows a French word, never Flask-Admin's internal value « __None »
(WTForms 3.3 prints an option's value when its label is empty: the session form showed « Thème : __None »)."""

import re

import pytest

from tests.backoffice.test_pages import ENDPOINTS
from tests.backoffice.world import build_world, record_ids
from tests.pages import text

BLANK_OPTION = re.compile(r'<option[^>]*value="__None"[^>]*>([^<]*)</option>')


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def test_the_session_form_offers_no_theme_as_a_french_word(world, login_as):
    page = text(login_as(world.facilitator).get("/session/new/"))
    select = page[page.index('name="theme"'):]
    assert BLANK_OPTION.search(select).group(1) == "— aucun —"


def test_no_form_shows_the_internal_value_of_an_empty_choice(world, login_as):
    client = login_as(world.admin)
    ids = record_ids(world)
    for endpoint in ENDPOINTS:
        for url in [f"/{endpoint}/new/"] + ([f"/{endpoint}/edit/?id={ids[endpoint]}"] if endpoint in ids else []):
            response = client.get(url)
            if response.status_code != 200:
                continue
            labels = BLANK_OPTION.findall(text(response))
            assert "__None" not in labels and "" not in labels, (url, labels)
