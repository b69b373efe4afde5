"""With CSRF checks on, every POST of the back-office without a token is refused and changes nothing."""

import re

from sqlalchemy import func, select

from backoffice.extensions import db as bo_db
from shared.models import Base
from shared.staff.models import Role
from tests.factories import TEST_PASSWORD, Factory
from tests.isolation import isolated_session


def _row_counts(session):
    return {table.name: session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables}


def _signed_in_client(app, staff):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    response = client.post("/login", data={"email": staff.email, "password": TEST_PASSWORD,
                                           "csrf_token": token.group(1)})
    assert response.status_code == 302
    return client


def test_every_post_without_a_token_is_refused(csrf_app, today):
    with isolated_session(csrf_app, bo_db) as session:
        make = Factory(session)
        admin = make.staff(Role.ADMIN)
        participant = make.participant()
        make.contract(participant)
        session.commit()
        client = _signed_in_client(csrf_app, admin)
        before = _row_counts(session)
        posts = [rule for rule in csrf_app.url_map.iter_rules() if "POST" in rule.methods]
        assert len(posts) > 20
        for rule in posts:
            values = {arg: ("csv" if arg == "export_type" else participant.id) for arg in rule.arguments}
            with csrf_app.test_request_context():
                from flask import url_for
                url = url_for(rule.endpoint, **values)
            response = client.post(url, data={"id": str(participant.id), "rowid": str(participant.id),
                                              "action": "delete", "first_name": "Changé", "last_name": "X"})
            # Public pages whose URL token is the proof (unsubscribe, SMS « STOP »): a wrong token is a 404.
            expected = 404 if rule.endpoint.startswith("messages_public.") else 400
            assert response.status_code == expected, (rule.endpoint, response.status_code)
        session.expire_all()
        assert _row_counts(session) == before
        assert session.get(type(participant), participant.id).first_name != "Changé"
