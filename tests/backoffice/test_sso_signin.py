"""Signing in through a real OpenID provider (npm oidc-provider on 127.0.0.1): linking, refusals, logout."""

from __future__ import annotations

import html

import pytest
import requests
from sqlalchemy import select

from backoffice import sso_client
from shared.audit.models import AuditEntry
from shared.staff import identity
from shared.staff.models import Role, StaffMember
from tests.sso.fixtures import _normal_provider, app, client, provider, sso_app  # noqa: F401 (fixtures)
from tests.sso.provider import free_port, query

PROVIDER_NAME = "Keycloak du département"


def start(client) -> str:
    answer = client.get("/sso/connexion")
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return answer.headers["Location"]


def sign_in(client, provider, login: str, browser=None):
    callback = provider.sign_in(start(client), login, browser)
    return client.get(callback)


def refusal(answer) -> str:
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    return html.unescape(page.split('id="sso-refusal">', 1)[1].split("</div>", 1)[0])


def reload(db, staff: StaffMember) -> StaffMember:
    db.expire_all()
    return db.get(StaffMember, staff.id)


def test_the_authorization_request_carries_state_nonce_and_pkce(client, provider):
    asked = query(start(client))
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32
    assert asked["code_challenge_method"] == "S256" and asked["code_challenge"]
    assert asked["scope"] == "openid email profile" and asked["response_type"] == "code"


def test_first_sign_in_links_the_account_by_the_verified_email(client, provider, make, db):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    answer = sign_in(client, provider, "anne")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/")
    assert client.get("/").status_code == 200
    anne = reload(db, anne)
    assert (anne.oidc_issuer, anne.oidc_subject) == (provider.issuer, "anne")


def test_later_sign_ins_go_by_subject_so_a_changed_email_takes_over_nothing(client, app, provider, make, db):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    boss = make.staff(Role.ADMIN, email="chef@exemple.fr")
    db.commit()
    assert sign_in(client, provider, "anne").status_code == 302
    provider.control(accounts={"anne": {"email": "chef@exemple.fr", "email_verified": True}})
    later = app.test_client()
    assert sign_in(later, provider, "anne").status_code == 302
    with later.session_transaction() as cookie:
        assert cookie["_user_id"].startswith(f"{anne.id}:")
    assert reload(db, boss).oidc_subject is None


def test_a_new_identity_with_the_email_of_a_linked_account_is_refused(client, app, provider, make, db):
    make.staff(Role.ADMIN, email="chef@exemple.fr", oidc_issuer=provider.issuer, oidc_subject="chef")
    db.commit()
    provider.control(accounts={"pirate": {"email": "chef@exemple.fr", "email_verified": True}})
    assert refusal(sign_in(client, provider, "pirate")) == identity.OTHER_IDENTITY
    assert client.get("/").status_code == 302  # not signed in


def test_an_email_the_provider_has_not_verified_links_nothing(client, provider, make, db):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    provider.control(accounts={"anne": {"email": "anne@exemple.fr", "email_verified": False}})
    assert refusal(sign_in(client, provider, "anne")) == identity.UNVERIFIED_EMAIL
    assert reload(db, anne).oidc_subject is None


def test_no_matching_account_is_refused_and_none_is_created(client, provider, db):
    count = len(db.scalars(select(StaffMember.id)).all())
    assert refusal(sign_in(client, provider, "inconnu")) == identity.NO_ACCOUNT
    assert len(db.scalars(select(StaffMember.id)).all()) == count


@pytest.mark.parametrize("linked", [False, True], ids=["before-linking", "after-linking"])
def test_a_deactivated_account_is_refused_whatever_the_provider_says(client, provider, make, db, linked):
    extra = {"oidc_issuer": provider.issuer, "oidc_subject": "anne"} if linked else {}
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr", active=False, **extra)
    db.commit()
    assert refusal(sign_in(client, provider, "anne")) == identity.DEACTIVATED
    assert reload(db, anne).oidc_subject == ("anne" if linked else None)


def test_deactivating_an_account_ends_its_provider_session(client, provider, make, db):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    sign_in(client, provider, "anne")
    assert client.get("/").status_code == 200
    reload(db, anne).active = False
    db.commit()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("mode, message", [
    ("other_key", sso_client.BAD_SIGNATURE),
    ("unknown_kid", sso_client.UNKNOWN_KEY),
    ("wrong_nonce", sso_client.WRONG_NONCE),
    ("expired", sso_client.EXPIRED),
    ("not_yet_valid", sso_client.NOT_YET_VALID),
    ("wrong_audience", sso_client.WRONG_AUDIENCE),
    ("wrong_issuer", sso_client.WRONG_ISSUER),
])
def test_an_id_token_that_does_not_check_out_is_refused_with_a_french_page(client, provider, make, db, mode, message):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    provider.control(mode)
    assert refusal(sign_in(client, provider, "anne")) == message
    assert reload(db, anne).oidc_subject is None
    assert client.get("/").status_code == 302


def test_a_replayed_answer_is_refused_as_its_state_served_once(client, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    callback = provider.sign_in(start(client), "anne")
    assert client.get(callback).status_code == 302
    client.post("/logout")
    assert refusal(client.get(callback)) == sso_client.BAD_STATE


def test_a_forged_state_is_refused(client, provider):
    start(client)
    assert refusal(client.get("/sso/retour?code=abc&state=" + "x" * 43)) == sso_client.BAD_STATE


def test_a_code_already_used_is_refused_by_the_provider(client, app, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    callback = provider.sign_in(start(client), "anne")
    assert client.get(callback).status_code == 302
    thief = app.test_client()
    fresh_state = query(start(thief))["state"]
    used = query(callback)
    replay = f"/sso/retour?code={used['code']}&state={fresh_state}&iss={used['iss']}"
    assert refusal(thief.get(replay)) == sso_client.CODE_USED


def test_an_unreachable_provider_gives_a_french_page(database_url):
    down = sso_app(database_url, f"http://127.0.0.1:{free_port()}").test_client()
    assert refusal(down.get("/sso/connexion")) == sso_client.UNREACHABLE


def test_an_error_sent_back_by_the_provider_gives_a_french_page(client, provider):
    state = query(start(client))["state"]
    assert refusal(client.get(f"/sso/retour?error=access_denied&state={state}")) == sso_client.PROVIDER_ERROR


def test_logout_ends_the_session_here_and_at_the_provider_and_checks_the_state(client, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    browser = requests.Session()
    sign_in(client, provider, "anne", browser)
    answer = client.post("/logout")
    end_session = answer.headers["Location"]
    asked = query(end_session)
    assert end_session.startswith(f"{provider.issuer}/session/end")
    assert asked["id_token_hint"] and len(asked["state"]) >= 32
    assert asked["post_logout_redirect_uri"] == "http://localhost/sso/deconnecte"
    assert client.get("/").status_code == 302  # ended here before the provider answers
    back = provider.end_session(end_session, browser)
    assert query(back)["state"] == asked["state"]
    done = client.get(back)
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert "/session/end" not in client.get("/login").get_data(as_text=True)
    assert client.get(back).status_code == 400  # a return seen twice
    # the provider's own session is over: signing in again asks for the login again
    again = browser.get(start(client), allow_redirects=True, timeout=10)
    assert 'name="login"' in again.text


def test_the_journal_records_who_signed_in_through_which_provider(client, provider, make, db):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    sign_in(client, provider, "anne")
    db.expire_all()
    entries = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "staff_member",
                                                  AuditEntry.record_id == str(anne.id))).all()
    signed_in = [entry for entry in entries if "connexion" in entry.changes]
    assert [(entry.actor_id, entry.changes["connexion"]) for entry in signed_in] == [
        (anne.id, [None, f"Connexion par {PROVIDER_NAME}"])]


def test_the_journal_page_shows_the_sign_in_in_french(client, app, provider, make, db):
    from tests.backoffice.conftest import login

    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    admin = make.staff(Role.ADMIN)
    db.commit()
    sign_in(client, provider, "anne")
    journal = html.unescape(login(app.test_client(), admin).get("/audit/").get_data(as_text=True))
    body = journal.split("<body", 1)[1].split("<script", 1)[0]
    assert f"Connexion par {PROVIDER_NAME}" in body and "Identifiant chez le fournisseur" in body
    assert "oidc_" not in body and ">connexion<" not in body


def test_the_login_page_offers_the_provider_above_the_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert page.index(f"Se connecter avec {PROVIDER_NAME}") < page.index('name="password"')
    assert "ou avec votre mot de passe ID'MIX" in html.unescape(page)
    from tests.typography import typography_faults

    assert typography_faults(page) == []


def test_every_refusal_follows_french_typography():
    from tests.typography import typography_faults

    sentences = [value for name, value in vars(sso_client).items() if name.isupper() and isinstance(value, str)
                 and " " in value] + [identity.UNVERIFIED_EMAIL, identity.NO_ACCOUNT, identity.DEACTIVATED,
                                      identity.OTHER_IDENTITY]
    assert len(sentences) >= 16
    assert [fault for sentence in sentences for fault in typography_faults(sentence)] == []


@pytest.mark.parametrize("path", [
    "/sso/retour", "/sso/retour?code=", "/sso/retour?state=", "/sso/retour?code=x&state=" + "é" * 3000,
    "/sso/retour?error=" + "x" * 500, "/sso/deconnecte", "/sso/deconnecte?state=inconnu",
])
def test_hostile_or_empty_answers_get_the_french_page_never_a_500(client, provider, path):
    start(client)
    answer = client.get(path)
    assert answer.status_code == 400
    assert 'id="sso-refusal"' in answer.get_data(as_text=True)


def test_a_provider_session_ends_after_the_configured_lifetime_as_a_password_one(client, app, provider, make, db,
                                                                                 monkeypatch):
    import time
    import types

    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    sign_in(client, provider, "anne")
    assert client.get("/").status_code == 200
    later = time.time() + app.permanent_session_lifetime.total_seconds() + 60
    monkeypatch.setattr("itsdangerous.timed.time", types.SimpleNamespace(time=lambda: later))
    assert client.get("/").status_code == 302


def test_a_cookie_replayed_after_a_provider_logout_opens_nothing(client, app, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    sign_in(client, provider, "anne")
    saved = client.get_cookie("idmix_staff").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("idmix_staff", saved)
    assert thief.get("/").status_code == 302


def test_a_logout_return_with_another_state_is_refused_while_the_real_one_is_pending(client, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    browser = requests.Session()
    sign_in(client, provider, "anne", browser)
    end_session = client.post("/logout").headers["Location"]
    back = provider.end_session(end_session, browser)
    forged = back.replace(query(back)["state"], "x" * 43)
    assert "déjà servi, ou ne vient pas de ce navigateur" in refusal(client.get(forged))
    assert client.get(back).headers["Location"].endswith("/login")  # the real return still closes the round trip


def test_the_page_asked_for_before_signing_in_opens_after_the_provider(client, provider, make, db):
    """A link to a person's page, opened signed out: back from the provider, the facilitator is on that page."""
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    asked = client.get("/participant/?search=Dupont")
    assert asked.status_code == 302
    login_page = client.get(asked.headers["Location"]).get_data(as_text=True)
    button = html.unescape(login_page.split('id="sso-login"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0])
    assert button == "/sso/connexion?next=/participant/?search%3DDupont"
    redirected = client.get(button)
    answer = client.get(provider.sign_in(redirected.headers["Location"], "anne"))
    assert answer.status_code == 302 and answer.headers["Location"] == "/participant/?search=Dupont"
    assert client.get(answer.headers["Location"]).status_code == 200


@pytest.mark.parametrize("target", ["https://pirate.example/", "//pirate.example/", "/\\pirate.example", "javascript:alert(1)"])
def test_a_page_elsewhere_is_never_where_the_provider_s_return_leads(client, provider, make, db, target):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    redirected = client.get("/sso/connexion", query_string={"next": target})
    answer = client.get(provider.sign_in(redirected.headers["Location"], "anne"))
    assert answer.status_code == 302 and answer.headers["Location"] == "/"
