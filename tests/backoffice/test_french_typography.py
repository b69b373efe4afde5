"""The back-office is typeset the French way on every page: a no-break space before « : ; ! ? » and inside
« » (an ordinary space lets the sign start a line), as Flask-Admin's strings already are in our catalogue."""

from __future__ import annotations

import pytest

from tests.backoffice.test_french_pages import crawl
from tests.backoffice.world import build_world
from tests.typography import typography_faults


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def test_every_page_is_typeset_the_french_way(world, login_as):
    pages = crawl(login_as(world.admin))
    assert len(pages) > 40, sorted(pages)
    faults = sorted({f"{url.split('?')[0]}: {fault}" for url, html in pages.items()
                     for fault in typography_faults(html)})
    assert not faults, "\n".join(faults)
