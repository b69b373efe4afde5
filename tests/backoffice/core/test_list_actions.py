"""A list's bulk action and a row's « Supprimer », as a browser sends them with CSRF checks on: the page's
written-out forms carry the page's token, and the action runs; without that token, nothing happens."""

import datetime as dt
import re
import uuid

from sqlalchemy import select

from bench.html_forms import read_forms
from backoffice.extensions import db as bo_db
from shared.groups.closures import GroupClosure, add_closure
from shared.kiosk.models import Device
from shared.staff.models import Role
from tests.backoffice.test_csrf import _signed_in_client
from tests.factories import Factory
from tests.isolation import isolated_session


def test_a_bulk_action_posts_the_pages_token_and_runs(csrf_app, today):
    with isolated_session(csrf_app, bo_db) as session:
        admin = Factory(session).staff(Role.ADMIN)
        group = Factory(session).group()
        tablets = [Device(group=group, name=f"Tablette {n}", token_hash=uuid.uuid4().hex) for n in (1, 2)]
        session.add_all(tablets)
        session.commit()
        client = _signed_in_client(csrf_app, admin)
        page = client.get("/device/").get_data(as_text=True)
        [form] = [f for f in read_forms(page) if f.action.endswith("/device/action/")]
        sent = form.defaults()
        assert sent["csrf_token"] and set(sent) == {"csrf_token", "url", "action"}
        assert re.search(r'data-model-action="revoke">Révoquer<', page)

        refused = client.post(form.action, data=sent | {"action": "revoke", "rowid": str(tablets[0].id),
                                                         "csrf_token": "faux"})
        assert refused.status_code == 400
        done = client.post(form.action, data=sent | {"action": "revoke", "rowid": str(tablets[0].id)})
        assert done.status_code == 302
        assert "1 tablette(s) révoquée(s)." in client.get(done.headers["Location"]).get_data(as_text=True)
        session.expire_all()
        assert [t.revoked_at is not None for t in tablets] == [True, False]


def test_a_rows_delete_button_posts_the_pages_token_and_deletes_that_row(csrf_app, today):
    with isolated_session(csrf_app, bo_db) as session:
        make = Factory(session)
        admin, group = make.staff(Role.ADMIN), make.group()
        summer, christmas = (add_closure(session, group=group, starts_on=start, ends_on=start + dt.timedelta(days=6),
                                         label=label)
                             for start, label in ((today, "Congés d'été"), (today + dt.timedelta(days=60), "Noël")))
        session.commit()
        client = _signed_in_client(csrf_app, admin)
        page = client.get("/group_closure/").get_data(as_text=True)
        [form] = [f for f in read_forms(page) if f.action.endswith("/group_closure/delete/")]
        sent = form.defaults()
        assert sent["csrf_token"] and set(sent) == {"csrf_token", "url"}
        assert f'form="idmix-delete-row" name="id" value="{christmas.id}"' in page

        assert client.post(form.action, data=sent | {"id": str(christmas.id), "csrf_token": "faux"}).status_code == 400
        done = client.post(form.action, data=sent | {"id": str(christmas.id)})
        assert done.status_code == 302
        session.expire_all()
        assert session.scalars(select(GroupClosure.label)).all() == [summer.label]


def test_each_person_is_offered_only_their_own_bulk_actions(make, login_as):
    """The actions' texts are kept once a view: what one role may do never shows on another's page."""
    admin, referrer = make.staff(Role.ADMIN), make.staff(Role.REFERRER)
    assert 'data-model-action="delete"' in login_as(admin).get("/participant/").get_data(as_text=True)
    page = login_as(referrer).get("/participant/").get_data(as_text=True)
    assert page.count("data-model-action=") == 0 and 'id="action_form"' not in page
    assert 'data-model-action="delete"' in login_as(admin).get("/participant/").get_data(as_text=True)
