"""Every screen opens for the roles that may use it, in French, without an error."""

import pytest

from tests.backoffice.world import build_world, record_ids

ENDPOINTS = ["participant", "referral", "exit", "contract", "session", "attendance", "walkin", "feedback",
             "group", "theme", "device", "staff", "audit"]


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def test_admin_opens_every_list_details_and_form(world, login_as):
    client = login_as(world.admin)
    assert "Ce qui demande une action" in client.get("/").get_data(as_text=True)
    ids = record_ids(world)
    for endpoint in ENDPOINTS:
        page = client.get(f"/{endpoint}/")
        assert page.status_code == 200, (endpoint, page.get_data(as_text=True)[:3000])
        if endpoint in ids:
            for action in ("details", "edit", "new"):
                url = f"/{endpoint}/{action}/?id={ids[endpoint]}"
                response = client.get(url)
                assert response.status_code in (200, 403), (url, response.get_data(as_text=True)[:3000])


@pytest.mark.parametrize("role", ["facilitator", "referrer"])
def test_other_roles_open_their_lists(world, login_as, role):
    client = login_as(getattr(world, role))
    assert client.get("/").status_code == 200
    for endpoint in ["participant", "referral", "contract", "session", "attendance", "feedback", "exit"]:
        page = client.get(f"/{endpoint}/")
        assert page.status_code == 200, (endpoint, page.get_data(as_text=True)[:3000])
