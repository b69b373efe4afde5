"""A joint session held at a partner on the tablet's home screen (issue #32): the groups that meet and the place,
in words and in pictures, fit each tablet without scrolling, and axe-core finds nothing."""

from __future__ import annotations

import pytest

from tests.chromium import serve
from tests.factories import Factory

from .browser_support import kiosk_app, kiosk_database, screen, seed_today, tablet_context
from .test_browser_screens import SIZES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kiosk-joint")
    with kiosk_database(folder) as (url, sessions):
        with sessions() as db:
            today = seed_today(db, [("Fatima", "Benali"), ("Karim", "Diallo")], theme=True)
            make = Factory(db)
            guests = make.group(name="Les Jardins du Nord")
            today.session.guest_groups = [guests]
            today.session.partner = make.partner(groups=[today.group, guests], name="Centre de formation Pasteur",
                                                 address="12 rue des Écoles, 75011 Paris")
            today.session.at_partner = True
            db.commit()
            token = today.token
        with serve(kiosk_app(url, "browser-joint")) as base:
            yield {"base": base, "token": token}


@pytest.mark.parametrize("size", list(SIZES))
def test_home_of_a_joint_session_at_a_partner_fits_with_its_pictures(chromium, server, size):
    context = tablet_context(chromium, server["base"], server["token"], SIZES[size])
    page = context.new_page()
    page.size = size
    page.goto(server["base"] + "/")
    assert "Séance commune" in page.inner_text(".today") and "Chez Centre de formation Pasteur" in page.inner_text(".today")
    assert page.locator(".today img[src*='joint.svg']").is_visible()
    assert page.locator(".today img[src*='partner-place.svg']").is_visible()
    screen(page, "01b-home-joint-session-at-a-partner")
    context.close()
