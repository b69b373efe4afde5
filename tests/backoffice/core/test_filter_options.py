"""A list's filter options are the signed-in person's and stay with their request: the view object is shared
by every request, and by every thread of a threaded server (``flask run``). Choices from the database come
with the page only when the list is filtered by them; otherwise the page fetches them when a filter is added."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin

import pytest
from flask_admin.model.filters import BaseFilter
from flask_login import login_user

from backoffice.auth import StaffUser
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db):
    return build_world(make, db)


BY_GROUP = "/participant/?flt0_groupe_equals=1"  # filtered by group: the page carries that filter's choices


def group_options(view) -> set[str]:
    groups = view._get_filter_groups()
    return {label for item in groups["Groupe"] for _key, label in item["options"]}


def filter_data(page: str) -> dict:
    data = re.search(r'<div id="filter-groups-data" class="d-none">(.*?)</div>', page, re.S)[1]
    return json.loads(html.unescape(data))


def test_a_request_keeps_its_own_filter_options_while_another_request_lists_others(app, world, monkeypatch):
    """Another person's request runs while this one lists its options, as two threads of a server may."""
    view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", None) == "participant")
    listing = BaseFilter.get_options
    interrupted = []

    def get_options(flt, view_):
        options = listing(flt, view_)
        if not interrupted:
            interrupted.append(True)
            with app.app_context(), app.test_request_context(BY_GROUP):  # another request, its own g
                login_user(StaffUser(world.admin))
                assert group_options(view) == {world.group.name, world.other_group.name}
        return options

    monkeypatch.setattr(BaseFilter, "get_options", get_options)
    with app.test_request_context(BY_GROUP):
        login_user(StaffUser(world.facilitator))
        assert group_options(view) == {world.group.name}  # what this request's page shows
    assert interrupted


def test_a_filter_fetches_only_the_groups_and_referrers_one_may_see(world, login_as):
    client = login_as(world.facilitator)
    page = client.get("/participant/").get_data(as_text=True)
    groups = filter_data(page)
    assert groups["Groupe"][0]["options"] is None and world.group.name not in page  # fetched when added
    assert groups["Situation"][0]["options"]  # fixed choices stay in the page
    fetched = client.get(urljoin("/participant/", groups["Groupe"][0]["options_url"]))  # as the browser resolves it
    assert fetched.status_code == 200 and fetched.headers["Cache-Control"] == "no-store"
    assert {label for options in fetched.json.values() for _key, label in options} == {world.group.name}
    referrers = client.get(urljoin("/participant/", groups["Orienteur"][0]["options_url"])).json
    assert world.referrer.full_name in {label for options in referrers.values() for _key, label in options}


def test_a_list_filtered_by_group_carries_that_filters_choices_within_the_scope(world, login_as):
    page = login_as(world.facilitator).get(f"/participant/?flt0_groupe_equals={world.group.id}")
    groups = filter_data(page.get_data(as_text=True))
    assert {label for _key, label in groups["Groupe"][0]["options"]} == {world.group.name}
    assert groups["Orienteur"][0]["options"] is None


@pytest.mark.parametrize("group", ["Inconnu", ""])
def test_an_unknown_filter_has_no_choices(world, login_as, group):
    assert login_as(world.facilitator).get(f"/participant/filter-options/?group={group}").status_code == 404


def test_choices_are_for_signed_in_staff_only(world, client, login_as):
    response = client.get("/participant/filter-options/?group=Groupe")
    assert response.status_code in (302, 403) and world.group.name not in response.get_data(as_text=True)
    assert login_as(world.referrer).get("/device/filter-options/?group=Groupe").status_code == 403
