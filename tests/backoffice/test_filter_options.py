"""A list's filter options are the signed-in person's and stay with their request: the view object is shared
by every request, and by every thread of a threaded server (``flask run``)."""

from __future__ import annotations

import html
import json
import re

import pytest
from flask_admin.model.filters import BaseFilter
from flask_login import login_user

from backoffice.auth import StaffUser
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db):
    return build_world(make, db)


def group_options(view) -> set[str]:
    groups = view._get_filter_groups()
    return {label for item in groups["Groupe"] for _key, label in item["options"]}


def test_a_request_keeps_its_own_filter_options_while_another_request_lists_others(app, world, monkeypatch):
    """Another person's request runs while this one lists its options, as two threads of a server may."""
    view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", None) == "participant")
    listing = BaseFilter.get_options
    interrupted = []

    def get_options(flt, view_):
        options = listing(flt, view_)
        if not interrupted:
            interrupted.append(True)
            with app.app_context(), app.test_request_context("/participant/"):  # another request, its own g
                login_user(StaffUser(world.admin))
                assert group_options(view) == {world.group.name, world.other_group.name}
        return options

    monkeypatch.setattr(BaseFilter, "get_options", get_options)
    with app.test_request_context("/participant/"):
        login_user(StaffUser(world.facilitator))
        assert group_options(view) == {world.group.name}  # what this request's page shows
    assert interrupted


def test_the_page_lists_only_the_groups_and_referrers_one_may_see(world, login_as):
    page = login_as(world.facilitator).get("/participant/").get_data(as_text=True)
    data = re.search(r'<div id="filter-groups-data" class="d-none">(.*?)</div>', page, re.S)[1]
    options = {name: {label for item in items for _key, label in item["options"] or ()}
               for name, items in json.loads(html.unescape(data)).items()}
    assert options["Groupe"] == {world.group.name}
    assert world.referrer.full_name in options["Orienteur"]  # referrers are contacts every staff member may pick
