"""Every back-office route refuses an anonymous visitor and the roles it is not for; a referrer who
guesses another person's record id gets nothing."""

import pytest
from flask_admin.contrib.sqla import ModelView

from shared.staff.models import Role
from tests.backoffice.world import build_world, record_ids

# The iCalendar feed is reached by calendar apps with a secret token in its URL, not a sign-in.
# So are the unsubscribe link of the reminders' e-mails and the SMS provider's « STOP » webhook.
# A reset link opens its page by its one-time token; how long a session has left answers 0 to a visitor.
# An attestation's verification page is opened by its unguessable code, from its QR code (or the code typed).
OPEN_ENDPOINTS = {"static", "auth.login", "admin.static", "calendar_feed.ics",
                  "messages_public.unsubscribe", "messages_public.sms_replies", "password_reset.reset",
                  "session_limits.status", "session_limits.keepalive", "attestation_public.lookup",
                  "attestation_public.show"}
WRITE_SUFFIXES = (".create_view", ".edit_view", ".delete_view", ".action_view")


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def _routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in OPEN_ENDPOINTS or rule.endpoint.endswith(".static"):
            continue
        values = {arg: ("csv" if arg == "export_type" else 1) for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for
            url = url_for(rule.endpoint, **values)
        method = "GET" if "GET" in rule.methods else "POST"
        yield rule.endpoint, url, method


def _views(app):
    admin = app.extensions["admin"][0]
    return {view.endpoint: view for view in admin._views}


def test_every_route_sends_an_anonymous_visitor_to_the_login_page(app, client):
    routes = list(_routes(app))
    assert len(routes) > 40
    for endpoint, url, method in routes:
        if endpoint == "auth.logout":
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, url, response.status_code)
        assert "/login" in response.headers["Location"], (endpoint, url)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.REFERRER])
def test_every_route_refuses_a_role_it_is_not_for(app, world, login_as, role):
    staff = world.facilitator if role is Role.FACILITATOR else world.referrer
    client = login_as(staff)
    views = _views(app)
    checked = 0
    for endpoint, url, method in _routes(app):
        view = views.get(endpoint.split(".")[0])
        if view is None or endpoint.startswith("admin."):
            continue
        allowed = getattr(view, "allowed_roles", None)
        if allowed is None:
            continue  # not a signed-in screen (the token-based calendar feed)
        refused = role not in allowed
        if isinstance(view, ModelView) and endpoint.endswith(WRITE_SUFFIXES):
            refused = refused or role not in getattr(view, "write_roles", ())
        if not refused:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 403, (endpoint, url, response.status_code)
        checked += 1
    assert checked > 10


GUESSED = ["participant", "contract", "attendance", "referral", "exit", "feedback"]


@pytest.mark.parametrize("endpoint", GUESSED)
def test_a_referrer_guessing_another_persons_record_id_gets_nothing(world, login_as, db, endpoint):
    other = {
        "participant": world.other_participant, "contract": world.other_contract,
        "attendance": world.other_attendance, "referral": world.other_referral, "exit": world.other_exit,
        "feedback": world.other_feedback,
    }[endpoint]
    client = login_as(world.referrer)
    own = record_ids(world)[endpoint]
    if endpoint != "feedback":  # anonymous feedback is never theirs; signed feedback is
        assert client.get(f"/{endpoint}/details/?id={own}").status_code == 200
    # docs/backoffice.md: a record outside one's scope is « Page introuvable » (404); a referrer may
    # change nothing, so the edit and delete screens are « Accès refusé » (403) before any look-up.
    assert client.get(f"/{endpoint}/details/?id={other.id}").status_code == 404
    assert client.get(f"/{endpoint}/edit/?id={other.id}").status_code == 403
    assert client.post(f"/{endpoint}/delete/", data={"id": str(other.id)}).status_code == 403
    list_page = client.get(f"/{endpoint}/").get_data(as_text=True)
    assert f"id={other.id}&" not in list_page and f"id={other.id}\"" not in list_page
    db.expire_all()
    assert db.get(type(other), other.id) is not None


def test_a_facilitator_cannot_open_a_record_of_another_group(world, login_as):
    client = login_as(world.facilitator)
    assert client.get(f"/participant/details/?id={world.participant.id}").status_code == 200
    assert client.get(f"/participant/details/?id={world.other_participant.id}").status_code == 404
    assert client.get(f"/contract/edit/?id={world.other_contract.id}").status_code == 404


def test_admin_only_screens_refuse_a_facilitator(world, login_as):
    client = login_as(world.facilitator)
    for url in ("/staff/", "/audit/", f"/staff/edit/?id={world.admin.id}"):
        assert client.get(url).status_code == 403, url
    admin = login_as(world.admin)
    assert admin.get("/staff/").status_code == 200 and admin.get("/audit/").status_code == 200


def test_a_referrer_may_not_export(world, login_as):
    assert login_as(world.referrer).get("/participant/export/csv/").status_code == 403
    assert login_as(world.facilitator).get("/participant/export/csv/").status_code == 200
