"""Sessions that really end: a cookie saved before a logout, a password change, a deactivation or a
role change opens nothing afterwards (issue #11, point 2)."""

from __future__ import annotations

import re

from shared.staff.models import Role
from tests.backoffice.conftest import login


def _saved_cookie(client) -> str:
    return client.get_cookie("idmix_staff").value


def _replay(app, cookie: str):
    """A new browser given only the cookie saved earlier."""
    other = app.test_client()
    other.set_cookie("idmix_staff", cookie)
    return other.get("/participant/")


def _staff_form(staff, **overrides):
    data = {"first_name": staff.first_name, "last_name": staff.last_name, "email": staff.email,
            "job_title": staff.job_title.value, "role": staff.role.value, "active": "y", "new_password": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_saved_cookie_opens_the_pages_while_signed_in(app, make, db):
    staff = make.facilitator()
    db.commit()
    client = login(app.test_client(), staff)
    assert _replay(app, _saved_cookie(client)).status_code == 200


def test_a_cookie_replayed_after_logout_opens_nothing(app, make, db):
    staff = make.facilitator()
    db.commit()
    client = login(app.test_client(), staff)
    saved = _saved_cookie(client)
    client.post("/logout")
    response = _replay(app, saved)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_replayed_after_a_password_change_opens_nothing(app, make, db, login_as):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    db.commit()
    saved = _saved_cookie(login(app.test_client(), staff))
    response = login_as(admin).post(f"/actions/staff-password/{staff.id}/temporary")
    assert response.status_code == 200
    assert _replay(app, saved).status_code == 302
    temporary = re.search(r'id="temporary-password">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert login(app.test_client(), staff, temporary)  # the new password works


def test_a_cookie_replayed_after_deactivation_opens_nothing(app, make, db, login_as):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    db.commit()
    saved = _saved_cookie(login(app.test_client(), staff))
    response = login_as(admin).post(f"/staff/edit/?id={staff.id}", data=_staff_form(staff, active=None))
    assert response.status_code == 302
    assert _replay(app, saved).status_code == 302


def test_a_cookie_replayed_after_a_role_change_opens_nothing(app, make, db, login_as):
    staff, admin = make.staff(Role.ADMIN), make.staff(Role.ADMIN)
    db.commit()
    saved = _saved_cookie(login(app.test_client(), staff))
    response = login_as(admin).post(f"/staff/edit/?id={staff.id}",
                                    data=_staff_form(staff, role="referrer", job_title="ass"))
    assert response.status_code == 302
    assert _replay(app, saved).status_code == 302


def test_an_edit_that_changes_nothing_of_the_kind_keeps_the_session(app, make, db, login_as):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    db.commit()
    saved = _saved_cookie(login(app.test_client(), staff))
    login_as(admin).post(f"/staff/edit/?id={staff.id}", data=_staff_form(staff, last_name="Nouveau-Nom"))
    assert _replay(app, saved).status_code == 200


def test_a_forged_cookie_id_is_refused_without_an_error(app):
    client = app.test_client()
    for token in ("99999999999999999999:1", "abc", "1:x", "-1:1"):
        with client.session_transaction() as session:
            session["_user_id"] = token
        assert client.get("/participant/").status_code == 302


# Issue #23, point 6: 8 hours from the sign-in whatever is posted, and an idle timeout.

import datetime as dt  # noqa: E402

from shared import clock  # noqa: E402


def _signed_in_at(app, staff, moment):
    with clock.frozen_at(moment):
        return login(app.test_client(), staff)


def _opens(client, moment, path="/participant/") -> bool:
    with clock.frozen_at(moment):
        response = client.get(path)
    assert response.status_code in (200, 302), response.status_code
    return response.status_code == 200


def test_a_session_ends_eight_hours_after_sign_in_whatever_is_posted(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    moment = start
    while moment < start + dt.timedelta(hours=8) - dt.timedelta(minutes=20):
        moment += dt.timedelta(minutes=20)
        with clock.frozen_at(moment):  # an empty bulk action: it flashes a message, the cookie is rewritten
            client.post("/participant/action/", data={"action": "delete", "url": "/participant/"})
        assert _opens(client, moment)
    after = start + dt.timedelta(hours=8, minutes=1)
    with clock.frozen_at(after):
        response = client.get("/participant/")
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert "Votre session a pris fin" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_session_left_idle_longer_than_the_timeout_ends(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    assert _opens(client, start + dt.timedelta(minutes=29))
    assert not _opens(client, start + dt.timedelta(minutes=29 + 31))
    assert not _opens(client, start + dt.timedelta(minutes=61))  # signed out for good, not until the next try


def test_activity_keeps_a_session_alive_within_its_eight_hours(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    for minutes in (25, 50, 75, 100):
        assert _opens(client, start + dt.timedelta(minutes=minutes))


def test_asking_how_long_is_left_is_not_activity(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    with clock.frozen_at(start + dt.timedelta(minutes=20)):
        assert client.get("/session/status").get_json() == {"seconds_left": 10 * 60}
    assert not _opens(client, start + dt.timedelta(minutes=31))
    with clock.frozen_at(start + dt.timedelta(minutes=31)):
        assert client.get("/session/status").get_json() == {"seconds_left": 0}


def test_the_stay_button_restarts_the_idle_time(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    with clock.frozen_at(start + dt.timedelta(minutes=28)):
        assert client.post("/session/keepalive").get_json() == {"seconds_left": 30 * 60}
    assert _opens(client, start + dt.timedelta(minutes=50))


def test_the_stay_button_cannot_revive_an_ended_session(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    with clock.frozen_at(start + dt.timedelta(minutes=40)):
        assert client.post("/session/keepalive").get_json() == {"seconds_left": 0}
    assert not _opens(client, start + dt.timedelta(minutes=41))


def test_a_cookie_without_its_sign_in_time_opens_nothing(app, make, db):
    staff = make.facilitator()
    db.commit()
    client = login(app.test_client(), staff)
    with client.session_transaction() as session:
        session.pop("idmix_signed_in_at")
    assert client.get("/participant/").status_code == 302


def test_the_idle_timeout_is_a_setting(app, make, db, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_TIMEOUT", 5)  # IDMIX_BACKOFFICE_IDLE_TIMEOUT=5
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    assert _opens(client, start + dt.timedelta(minutes=4))
    assert not _opens(client, start + dt.timedelta(minutes=10))


def test_the_page_counts_down_to_whichever_end_comes_first(app, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    client = _signed_in_at(app, staff, start)
    moment = start
    while moment < start + dt.timedelta(hours=7, minutes=50):
        moment += dt.timedelta(minutes=25)
        _opens(client, moment)
    with clock.frozen_at(start + dt.timedelta(hours=7, minutes=50)):
        page = client.get("/participant/").get_data(as_text=True)
    assert 'data-idle-seconds="1800"' in page and 'data-seconds-left="600"' in page
