"""A list's bulk action, as a browser sends it with CSRF checks on: the page's written-out action form
carries the page's token, the action runs; without that token, nothing happens."""

import re
import uuid

from bench.html_forms import read_forms
from backoffice.extensions import db as bo_db
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
