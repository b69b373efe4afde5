"""Every back-office form (Flask-Admin create and edit of each model view, each action page, the
sign-in) with random and hostile input: never a 5xx, never a half-saved record.

The targets are read from the app's URL map, so a new view is fuzzed without being listed here.
"""

from __future__ import annotations

import pytest
from flask_admin.contrib.sqla import ModelView
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from backoffice import create_app
from bench.html_forms import main_form
from shared.models import Base
from tests.backoffice.conftest import app, db, login_as  # noqa: F401
from tests.backoffice.world import build_world

from .hostile import fuzz_settings, hostile_value, submission
from .invariants import changes, domain_problems, snapshot, undone

REDIRECT = (301, 302, 303)
# Pages that answer 200 after saving (they show what was made: a code, a link, a file).
SAVE_THEN_SHOW = {"kiosk_enrolment.index", "calendar_subscription.index", "session_schedule.index",
                  "personal_data.export", "auth.login", "action_review.create", "action_review.edit",
                  "account.index"}  # « Mon compte »: a wrong current password counts like a failed sign-in
NOT_FORMS = {"auth.logout"}  # signs the fuzzing client out; no field to fuzz
LIST_POSTS = ("delete_view", "action_view", "ajax_update")


def _targets():
    """(form endpoints, list endpoints, {model view endpoint: model}) from a throwaway app."""
    throwaway = create_app({"SECRET_KEY": "x", "SQLALCHEMY_ENGINES": {"default": "sqlite://"}})
    models = {view.endpoint: view.model for view in throwaway.extensions["admin"][0]._views
              if isinstance(view, ModelView)}
    forms, lists = [], []
    for rule in throwaway.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in NOT_FORMS:
            continue
        (lists if rule.endpoint.endswith(LIST_POSTS) else forms).append(rule.endpoint)
    return sorted(set(forms)), sorted(set(lists)), models


FORM_ENDPOINTS, LIST_ENDPOINTS, MODELS = _targets()


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


@pytest.fixture
def admin(world, login_as):
    return login_as(world.admin)


def first_id(db, table_name: str) -> int:
    table = Base.metadata.tables.get(table_name)
    if table is None:
        return 1
    key = list(table.primary_key.columns)[0]
    return db.scalar(select(key).order_by(key).limit(1)) or 1


def url_for_target(app, db, endpoint: str) -> str | None:
    """The URL to fuzz: an existing record for edits, the first record of the argument's table."""
    from flask import url_for

    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for arg in rule.arguments:
        if arg.endswith("_id"):
            name = arg.removesuffix("_id")
            values[arg] = first_id(db, {"feed": "calendar_feed", "review": "action_review"}.get(name, name))
        else:
            values[arg] = "x"
    with app.test_request_context():
        url = url_for(endpoint, **values)
    if endpoint.endswith(".edit_view"):
        model = MODELS[endpoint.split(".")[0]]
        record = first_id(db, model.__table__.name)
        url += f"?id={record}"
    return url


def open_form(client, url):
    page = client.get(url)
    if page.status_code != 200 or "<form" not in page.get_data(as_text=True):
        return None
    try:
        return main_form(page.get_data(as_text=True))
    except LookupError:
        return None


def check_answer(db, endpoint, response, before) -> None:
    assert response.status_code < 500, (endpoint, response.status_code, response.get_data(as_text=True)[:400])
    after = snapshot(db)
    if response.status_code in REDIRECT or endpoint in SAVE_THEN_SHOW:
        problems = domain_problems(db, before, after)
        assert not problems, (endpoint, problems)
    else:
        diff = changes(before, after)
        assert not diff, (endpoint, response.status_code, "refused but changed", diff)


def fuzz_each(endpoints, fuzz_one) -> None:
    """Fuzz every endpoint (one world, one sign-in for all); report every endpoint that failed."""
    failures = {}
    for endpoint in endpoints:
        try:
            fuzz_one(endpoint)
        except Exception as error:  # noqa: BLE001 - collected, then reported together
            failures[endpoint] = f"{type(error).__name__}: {str(error)[:1500]}"
    assert not failures, "\n\n".join(f"{endpoint} -> {message}" for endpoint, message in failures.items())


def fuzz_form(app, db, client, endpoint: str) -> None:
    page = {}

    @fuzz_settings
    @given(data=st.data())
    def examples(data):
        with undone(db):
            if not page:  # every example starts from the same data: read the page once
                url = url_for_target(app, db, endpoint)
                page.update(url=url, form=open_form(client, url), before=snapshot(db))
            extra = ("objectives-0-wording", "objectives-0-category") if endpoint.startswith("contract.") else ()
            payload = data.draw(submission(page["form"], extra), label="payload")
            response = client.post(page["url"], data=payload)
            check_answer(db, endpoint, response, page["before"])

    examples()


MODEL_CREATES = [e for e in FORM_ENDPOINTS if e.endswith(".create_view")]
MODEL_EDITS = [e for e in FORM_ENDPOINTS if e.endswith(".edit_view")]
OTHER_FORMS = [e for e in FORM_ENDPOINTS if e not in MODEL_CREATES + MODEL_EDITS and e != "auth.login"]


def test_model_create_forms_with_hostile_input(app, db, admin):
    fuzz_each(MODEL_CREATES, lambda endpoint: fuzz_form(app, db, admin, endpoint))


def test_model_edit_forms_with_hostile_input(app, db, admin):
    fuzz_each(MODEL_EDITS, lambda endpoint: fuzz_form(app, db, admin, endpoint))


def test_action_forms_with_hostile_input(app, db, admin):
    fuzz_each(OTHER_FORMS, lambda endpoint: fuzz_form(app, db, admin, endpoint))


def test_sign_in_form_with_hostile_input(app, db, world):
    fuzz_form(app, db, app.test_client(), "auth.login")


def test_list_buttons_with_hostile_ids(app, db, admin):
    """Delete buttons, bulk actions and inline list edits, with ids and names that are not the list's."""

    @fuzz_settings
    @given(data=st.data())
    def examples(data):
        with undone(db):
            _post_list_button(app, db, admin, data)

    examples()


def _post_list_button(app, db, client, data):
    endpoint = data.draw(st.sampled_from(LIST_ENDPOINTS), label="endpoint")
    model_endpoint = endpoint.split(".")[0]
    record = str(first_id(db, MODELS[model_endpoint].__table__.name))
    field = st.one_of(st.just(record), hostile_value)
    payload = data.draw(st.fixed_dictionaries({}, optional={
        "id": field, "rowid": st.lists(field, max_size=3), "action": st.one_of(st.just("delete"), hostile_value),
        "url": hostile_value, "list_form_pk": field, "name": hostile_value, "value": hostile_value,
    }), label="payload")
    url = url_for_target(app, db, endpoint)
    before = snapshot(db)
    response = client.post(url, data=payload)
    check_answer(db, endpoint, response, before)


def test_every_model_view_and_action_is_fuzzed():
    assert len(MODELS) >= 10 and {f"{m}.create_view" for m in MODELS} <= set(FORM_ENDPOINTS)
    assert {"contract_renewal.renew", "contract_signatures.sign", "contract_early_end.end"} <= set(FORM_ENDPOINTS)


# --- what the fuzzing found, kept as plain examples ---------------------------------------------

def test_bulk_delete_takes_the_ticked_ids_as_numbers(world, admin, db):
    """PostgreSQL refused ``integer = text`` when the ids came straight from the form."""
    from shared.kiosk.models import WalkIn

    walk_in_id = world.walk_in.id
    response = admin.post("/walkin/action/", data={"action": "delete", "rowid": [str(walk_in_id), "abc", "9" * 40]})
    assert response.status_code == 302
    assert db.scalar(select(WalkIn.id).where(WalkIn.id == walk_in_id)) is None


def test_a_return_address_with_a_line_break_is_refused_not_a_500(world, admin):
    response = admin.post("/walkin/delete/?url=%0A/x", data={"id": str(world.walk_in.id)})
    assert response.status_code == 400


@pytest.mark.parametrize("key", [" ", "abc", "9" * 40, "1" * 5000, "-1"])
def test_a_record_id_that_cannot_be_one_is_a_404(world, admin, key):
    assert admin.get("/feedback/details/", query_string={"id": key}).status_code == 404
    assert admin.get("/participant/edit/", query_string={"id": key}).status_code == 404


def test_control_characters_never_reach_the_database(world, admin, db):
    from shared.groups.models import Theme

    response = admin.post(f"/theme/edit/?id={world.theme.id}",
                          data={"name": "Cui\x00si\x07ne\tdu\x1bmonde", "pictogram": "cuisine", "active": "y"})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Theme, world.theme.id).name == "Cuisine\tdumonde"


def test_an_action_review_for_a_group_number_too_large_is_refused_calmly(world, admin):
    response = admin.post("/report/reviews/new", data={"group": "9" * 30, "period_from": "2025-01-01",
                                                        "period_to": "2025-12-31"})
    assert response.status_code == 200
