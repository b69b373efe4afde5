"""Each person changes their own password; an admin only sends a reset (issue #23, point 5): « Mon compte »,
the temporary password to replace at the first sign-in, the one-time link by e-mail valid one hour."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from shared import clock
from shared.staff.models import Role
from tests.backoffice.conftest import login
from tests.factories import TEST_PASSWORD
from tests.shared.messaging_servers import smtp_certificate, smtp_server  # noqa: F401

NEW = "piano tulipe orage radis"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _change(client, current=TEST_PASSWORD, new=NEW, confirmation=None):
    return client.post("/account/", data={"current_password": current, "password": new,
                                          "confirmation": new if confirmation is None else confirmation})


def _signs_in(app, staff, password) -> bool:
    return app.test_client().post("/login", data={"email": staff.email, "password": password}).status_code == 302


@pytest.mark.parametrize("role", [Role.ADMIN, Role.FACILITATOR, Role.REFERRER])
def test_every_role_changes_their_own_password_from_my_account(app, make, db, login_as, role):
    staff = make.staff(role)
    client = login_as(staff)
    page = text(client.get("/account/"))
    assert "Mon compte" in page and "Mot de passe actuel" in page
    assert _change(client).status_code == 302
    assert _signs_in(app, staff, NEW) and not _signs_in(app, staff, TEST_PASSWORD)


@pytest.mark.parametrize("current, new, confirmation, message", [
    ("pas-le-bon-mot-de-passe", NEW, None, "Le mot de passe actuel n'est pas le bon."),
    (TEST_PASSWORD, NEW, "piano tulipe orage radiS", "Les deux mots de passe ne sont pas identiques."),
    (TEST_PASSWORD, "ID'MIX2026!", None, "trop facile à deviner"),
    (TEST_PASSWORD, "Nadia2026!!", None, "trop facile à deviner"),
    (TEST_PASSWORD, "court", None, "au moins 10 caractères"),
    (TEST_PASSWORD, TEST_PASSWORD, None, "différent de l'actuel"),
])
def test_a_refused_change_says_why_and_keeps_the_password(app, make, db, login_as, current, new, confirmation,
                                                          message):
    staff = make.facilitator()
    client = login_as(staff)
    answer = _change(client, current, new, confirmation)
    assert answer.status_code == 200 and message in text(answer).replace("\u00a0", " ")
    assert _signs_in(app, staff, TEST_PASSWORD)


def test_my_password_change_ends_my_other_sessions_but_not_this_one(app, make, db, login_as):
    staff = make.facilitator()
    elsewhere, here = login_as(staff), login_as(staff)
    assert _change(here).status_code == 302
    assert here.get("/participant/").status_code == 200
    assert elsewhere.get("/participant/").status_code == 302


def test_an_admin_can_no_longer_set_a_colleagues_password(app, make, db, login_as):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    client = login_as(admin)
    assert 'name="new_password"' not in client.get(f"/staff/edit/?id={staff.id}").get_data(as_text=True)
    data = {"first_name": staff.first_name, "last_name": staff.last_name, "email": staff.email,
            "job_title": staff.job_title.value, "role": staff.role.value, "active": "y", "new_password": NEW}
    assert client.post(f"/staff/edit/?id={staff.id}", data=data).status_code == 302
    assert not _signs_in(app, staff, NEW) and _signs_in(app, staff, TEST_PASSWORD)


def test_a_temporary_password_is_shown_once_and_must_be_changed_at_first_sign_in(app, make, db, login_as):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    before = login_as(staff)
    assert "Donner un mot de passe provisoire" in text(login_as(admin).get(f"/staff/details/?id={staff.id}"))
    shown = login_as(admin).post(f"/actions/staff-password/{staff.id}/temporary")
    assert shown.status_code == 200
    temporary = re.search(r'id="temporary-password">([^<]+)<', shown.get_data(as_text=True)).group(1)
    assert before.get("/participant/").status_code == 302  # the account's sessions have ended
    assert not _signs_in(app, staff, TEST_PASSWORD)
    client = login(app.test_client(), staff, temporary)
    for path in ("/", "/participant/", f"/staff/details/?id={staff.id}"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].endswith("/account/")
    assert "provisoire" in text(client.get("/account/"))
    assert _change(client, temporary).status_code == 302
    assert client.get("/participant/").status_code == 200


def test_an_account_made_by_an_admin_changes_its_password_at_first_sign_in(app, make, db, login_as):
    admin = make.staff(Role.ADMIN)
    client = login_as(admin)
    answer = client.post("/staff/new/", data={"first_name": "Inès", "last_name": "Roux", "email": "ines.roux@cd.example.fr",
                                              "job_title": "facilitator", "role": "facilitator", "active": "y",
                                              "new_password": "clavier lune poivre sable"})
    assert answer.status_code == 302
    newcomer = app.test_client()
    assert newcomer.post("/login", data={"email": "ines.roux@cd.example.fr",
                                         "password": "clavier lune poivre sable"}).status_code == 302
    assert newcomer.get("/participant/").headers["Location"].endswith("/account/")


def test_only_an_admin_sends_a_reset(make, db, login_as):
    staff, other = make.facilitator(), make.facilitator()
    client = login_as(other)
    for kind in ("temporary", "link"):
        assert client.post(f"/actions/staff-password/{staff.id}/{kind}").status_code in (403, 404)


def test_an_admin_gives_no_temporary_password_to_themself(app, make, db, login_as):
    admin = make.staff(Role.ADMIN)
    client = login_as(admin)
    assert client.post(f"/actions/staff-password/{admin.id}/temporary").status_code == 302
    assert _signs_in(app, admin, TEST_PASSWORD)


def _link_sent(make, db, login_as, inbox):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    answer = login_as(admin).post(f"/actions/staff-password/{staff.id}/link")
    assert answer.status_code == 302
    [mail] = inbox.to(staff.email)
    link = re.search(r"https?://\S+", mail["body"]).group(0)
    return staff, link[link.index("/password-reset"):]


def test_a_reset_link_by_e_mail_lets_the_person_choose_her_password_once(app, make, db, login_as, smtp_server):
    staff, path = _link_sent(make, db, login_as, smtp_server)
    client = app.test_client()
    assert "Choisir le mot de passe" in text(client.get(path))
    assert client.post(path, data={"password": NEW, "confirmation": NEW}).status_code == 302
    assert _signs_in(app, staff, NEW) and not _signs_in(app, staff, TEST_PASSWORD)
    again = client.get(path)
    assert again.status_code == 404 and "n'est plus valable" in text(again)


def test_the_reset_link_mail_is_dated_and_identified_for_mail_programs(make, db, login_as, smtp_server):
    """Read by Python's ``email`` (strict) and mail-parser, like the participants' mail (issue #25, 3-4)."""
    import email.utils

    from tests.readers.mail import read_mail

    staff, _ = _link_sent(make, db, login_as, smtp_server)
    [mail] = smtp_server.to(staff.email)
    read = read_mail(mail["raw"])
    sent = email.utils.parsedate_to_datetime(read.strict["Date"])
    assert abs(sent - clock.now()) < dt.timedelta(minutes=5) and read.parsed.date is not None
    assert re.fullmatch(r"<[^<>@\s]+@cd\.example\.fr>", read.strict["Message-ID"])
    assert "list-unsubscribe" not in read.header_lines  # staff mail: no consent to withdraw


def test_a_reset_link_is_valid_one_hour(app, make, db, login_as, smtp_server):
    start = clock.now()
    with clock.frozen_at(start):
        staff, path = _link_sent(make, db, login_as, smtp_server)
    with clock.frozen_at(start + dt.timedelta(minutes=59)):
        assert app.test_client().get(path).status_code == 200
    with clock.frozen_at(start + dt.timedelta(minutes=61)):
        late = app.test_client().post(path, data={"password": NEW, "confirmation": NEW})
        assert late.status_code == 404
    assert _signs_in(app, staff, TEST_PASSWORD)


def test_a_forged_or_altered_reset_link_opens_nothing(app, make, db, login_as, smtp_server):
    staff, path = _link_sent(make, db, login_as, smtp_server)
    token = path.split("t=", 1)[1]
    for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "", "x" * 600, "W1sxLDIsM11d.abc"):
        answer = app.test_client().post(f"/password-reset?t={forged}", data={"password": NEW, "confirmation": NEW})
        assert answer.status_code == 404
    assert _signs_in(app, staff, TEST_PASSWORD)


def test_without_a_mail_server_the_admin_is_told_to_give_a_temporary_password(make, db, login_as, monkeypatch):
    monkeypatch.delenv("IDMIX_SMTP_URL", raising=False)
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    client = login_as(admin)
    answer = client.post(f"/actions/staff-password/{staff.id}/link", follow_redirects=True)
    assert "mot de passe provisoire" in text(answer)


def test_guessing_the_current_password_is_slowed_down_like_a_sign_in(app, make, db, login_as):
    staff = make.facilitator()
    client = login_as(staff)
    with clock.frozen_at(clock.now()):
        for _ in range(6):
            _change(client, current="pas-le-bon-mot-de-passe")
        answer = _change(client)
        assert "Trop d'essais" in text(answer)
    assert not _signs_in(app, staff, NEW)  # refused while waiting: the password did not change


def test_an_account_without_a_password_of_ours_is_told_where_it_signs_in(app, make, db, login_as):
    """An account made at its first sign-in through the OpenID provider (shared/staff/identity.py) has no
    password here: « Mon compte » offers no form it could never fill, and a post counts no failure."""
    from sqlalchemy import func, select

    from shared.staff.models import LoginThrottle

    staff = make.facilitator()
    client = login_as(staff)
    staff.password_hash = None
    db.commit()
    throttles = db.scalar(select(func.count()).select_from(LoginThrottle))  # other tests' rows may stay on PostgreSQL
    page = text(client.get("/account/"))
    assert "ID'MIX ne garde aucun mot de passe pour vous" in page.replace("\u00a0", " ")
    assert 'name="current_password"' not in page
    assert _change(client, current="").status_code == 200
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(LoginThrottle)) == throttles
    assert db.get(type(staff), staff.id).password_hash is None
