"""Hostile input answers 400 or 404, never a 500 (issue #11, point 8), and a body over the size
limit gets the French 413 page (point 6)."""

from __future__ import annotations

import pytest

from tests.backoffice.world import build_world

HUGE = "99999999999999999999"


@pytest.fixture
def world(make, db):
    return build_world(make, db)


def _action_routes(app) -> list[str]:
    """Every back-office route that takes a number in its path, with that number made huge."""
    routes = []
    for rule in app.url_map.iter_rules():
        if "int" in str(rule) and "<" in rule.rule:
            routes.append((rule.rule.split("<")[0] + HUGE + rule.rule.split(">", 1)[1], rule.methods))
    return routes


def test_every_route_with_a_number_answers_404_for_a_huge_one(app, world, login_as):
    client = login_as(world.admin)
    routes = _action_routes(app)
    assert len(routes) >= 12
    for path, methods in routes:
        method = "POST" if "GET" not in methods else "GET"
        response = client.open(path, method=method)
        assert response.status_code in (400, 404), (path, response.status_code)


@pytest.mark.parametrize("path", ["/participant/", "/session/", "/contract/", "/attendance/", "/staff/"])
def test_a_huge_page_number_answers_400_or_404(world, login_as, path):
    response = login_as(world.admin).get(f"{path}?page={HUGE}")
    assert response.status_code in (200, 400, 404), response.status_code
    assert response.status_code != 500


def _filter_urls(app) -> list[str]:
    """``/view/?flt0_<filter>=HUGE`` for every filter of every list."""
    urls = []
    for view in app.extensions["admin"][0]._views:
        for key in (getattr(view, "_filter_args", None) or {}):
            urls.append(f"{view.url}/?flt0_{key}={HUGE}")
    return urls


def test_a_huge_filter_value_answers_400_or_404(app, world, login_as):
    client = login_as(world.admin)
    urls = _filter_urls(app)
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)


def test_a_newline_in_next_never_reaches_a_header(client, make, db):
    staff = make.facilitator()
    db.commit()
    response = client.post("/login?next=/admin/%0D%0AX:1", data={"email": staff.email,
                                                                 "password": "motdepasse-de-test"})
    assert response.status_code in (302, 400)
    assert "X" not in response.headers or response.headers.get("X") != "1"
    assert "\n" not in response.headers.get("Location", "")


def test_a_newline_in_next_of_the_login_page_answers_without_error(client):
    assert client.get("/login?next=/admin/%0D%0AX:1").status_code == 200


def test_a_body_over_one_megabyte_gets_the_french_413_page(client):
    response = client.post("/login", data={"email": "x@example.fr", "password": "p" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.get_data(as_text=True)
