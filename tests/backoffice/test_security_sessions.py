"""Sessions that really end: a cookie saved before a logout, a password change, a deactivation or a
role change opens nothing afterwards (issue #11, point 2)."""

from __future__ import annotations

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
    response = login_as(admin).post(f"/staff/edit/?id={staff.id}",
                                    data=_staff_form(staff, new_password="piano tulipe orage radis"))
    assert response.status_code == 302
    assert _replay(app, saved).status_code == 302
    assert login(app.test_client(), staff, "piano tulipe orage radis")  # the new password works


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
