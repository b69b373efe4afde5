"""The OpenID settings' choices against the real provider: ProConnect's profile, ES256, password sign-in closed
to all but break-glass accounts, accounts made at first sign-in from a mapped claim, and no setting at all."""

from __future__ import annotations

import html

import pytest
import requests
from sqlalchemy import select

from shared.staff.models import Role, StaffMember
from shared.staff.oidc_settings import PROCONNECT_SCOPES
from tests.backoffice.conftest import login
from tests.sso.fixtures import _normal_provider, configured_app, provider  # noqa: F401 (fixtures)
from tests.sso.provider import query


def start(client) -> str:
    answer = client.get("/sso/connexion")
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    return answer.headers["Location"]


def sign_in(client, provider, login_name: str, browser=None):
    return client.get(provider.sign_in(start(client), login_name, browser))


PROCONNECT = {"IDMIX_OIDC_CLIENT_ID": "idmix-proconnect", "IDMIX_OIDC_PROFILE": "proconnect"}
proconnect_profile = pytest.mark.parametrize("configured_app", [PROCONNECT], indirect=True, ids=["proconnect"])
settings = lambda **values: pytest.mark.parametrize("configured_app", [values], indirect=True, ids=["settings"])  # noqa: E731


@pytest.fixture
def app(configured_app):
    return configured_app


@pytest.fixture
def proconnect(configured_app):
    return configured_app


AGENT = {"email": "agent@ministere.gouv.fr", "given_name": "Agnès", "usual_name": "Durand", "uid": "a-42",
         "siret": "11000101300017"}


@proconnect_profile
def test_proconnect_asks_its_scopes_and_long_secrets_and_nothing_more(proconnect, provider):
    asked = query(start(proconnect.test_client()))
    assert asked["scope"] == PROCONNECT_SCOPES
    assert len(asked["state"]) >= 32 and len(asked["nonce"]) >= 32
    assert set(asked) == {"response_type", "client_id", "redirect_uri", "scope", "state", "nonce",
                          "code_challenge", "code_challenge_method"}


@proconnect_profile
def test_proconnect_signs_in_with_its_signed_userinfo_and_logs_out_at_both_ends(proconnect, provider, make, db):
    agent = make.staff(Role.REFERRER, email="agent@ministere.gouv.fr")
    db.commit()
    provider.control(accounts={"agent": AGENT})  # no email_verified: ProConnect vouches for its addresses
    client, browser = proconnect.test_client(), requests.Session()
    assert sign_in(client, provider, "agent", browser).status_code == 302
    db.expire_all()
    assert db.get(StaffMember, agent.id).oidc_subject == "agent"
    assert client.get("/").status_code == 200
    end_session = client.post("/logout").headers["Location"]
    asked = query(end_session)
    assert set(asked) == {"id_token_hint", "state", "post_logout_redirect_uri"}
    back = provider.end_session(end_session, browser)
    assert client.get(back).headers["Location"].endswith("/login")
    assert client.get("/").status_code == 302


@proconnect_profile
def test_proconnect_refuses_a_userinfo_answer_signed_with_another_key(proconnect, provider, make, db):
    from backoffice import sso_client

    agent = make.staff(Role.REFERRER, email="agent@ministere.gouv.fr")
    db.commit()
    provider.control("userinfo_other_key", accounts={"agent": AGENT})
    answer = sign_in(proconnect.test_client(), provider, "agent")
    assert answer.status_code == 400
    assert sso_client.BAD_SIGNATURE in html.unescape(answer.get_data(as_text=True))
    db.expire_all()
    assert db.get(StaffMember, agent.id).oidc_subject is None


@proconnect_profile
def test_proconnect_refuses_a_userinfo_answer_that_is_not_signed(proconnect, provider, make, db, monkeypatch):
    from backoffice import sso_client

    make.staff(Role.REFERRER, email="agent@ministere.gouv.fr")
    db.commit()
    provider.control(accounts={"agent": AGENT})
    plain = proconnect.test_client()
    monkeypatch.setattr(sso_client, "signed_userinfo",
                        lambda oidc, token: (_ for _ in ()).throw(sso_client.InvalidTokenResponse()))
    answer = sign_in(plain, provider, "agent")
    assert answer.status_code == 400 and sso_client.INVALID_TOKEN in html.unescape(answer.get_data(as_text=True))


@proconnect_profile
def test_the_proconnect_profile_shows_proconnect_s_own_button_in_french(proconnect, make, db):
    from tests.typography import typography_faults

    page = proconnect.test_client().get("/login").get_data(as_text=True)
    assert "S’identifier avec" in html.unescape(page) and "Qu’est-ce que ProConnect\u00a0?" in html.unescape(page)
    assert typography_faults(page) == []
    refused = proconnect.test_client().get("/sso/retour?code=x&state=y").get_data(as_text=True)
    assert typography_faults(refused) == []


@pytest.mark.parametrize("configured_app", [{"IDMIX_OIDC_CLIENT_ID": "idmix-ec"}, {"IDMIX_OIDC_CLIENT_ID": "idmix-hs"}],
                         indirect=True, ids=["ES256", "HS256-with-the-client-secret"])
def test_an_id_token_signed_es256_or_hs256_is_checked_and_accepted(app, provider, make, db):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    db.commit()
    client = app.test_client()
    assert sign_in(client, provider, "anne").status_code == 302
    assert client.get("/").status_code == 200


@settings(IDMIX_OIDC_PASSWORD_LOGIN="non", IDMIX_OIDC_BREAK_GLASS="secours@exemple.fr")
def test_password_sign_in_closed_but_for_break_glass_accounts(app, make, db):
    staff = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    rescue = make.staff(Role.ADMIN, email="secours@exemple.fr")
    db.commit()
    refused = app.test_client()
    answer = refused.post("/login", data={"email": staff.email, "password": "x"}, follow_redirects=True)
    assert "La connexion par mot de passe est fermée\u00a0: connectez-vous avec Keycloak du département." in \
        html.unescape(answer.get_data(as_text=True))
    assert refused.get("/").status_code == 302
    login(app.test_client(), rescue)


@settings(IDMIX_OIDC_ROLE_CLAIM="groups", IDMIX_OIDC_ROLE_MAP="idmix-animateurs=facilitator, idmix-admins=admin",
          IDMIX_OIDC_SCOPES="openid email profile groups")
def test_a_mapped_group_creates_the_account_at_first_sign_in(app, provider, db):
    provider.control(accounts={"nouveau": {"email": "nouveau@exemple.fr", "email_verified": True,
                                           "given_name": "Noé", "family_name": "Petit",
                                           "groups": ["compta", "idmix-animateurs"]},
                               "autre": {"email": "autre@exemple.fr", "email_verified": True,
                                         "given_name": "Léa", "family_name": "Roux", "groups": ["compta"]}})
    assert sign_in(app.test_client(), provider, "nouveau").status_code == 302
    assert sign_in(app.test_client(), provider, "autre").status_code == 400  # no mapped group: no account
    db.expire_all()
    made = db.scalars(select(StaffMember).where(StaffMember.email.in_(["nouveau@exemple.fr", "autre@exemple.fr"])))
    assert [(s.email, s.role, s.first_name, s.password_hash) for s in made] == [
        ("nouveau@exemple.fr", Role.FACILITATOR, "Noé", None)]


@settings(IDMIX_OIDC_ISSUER="", IDMIX_OIDC_CLIENT_ID="", IDMIX_OIDC_CLIENT_SECRET="")
def test_without_any_openid_setting_nothing_changes(app, make, db):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    assert "sso" not in page and "ProConnect" not in page
    assert client.get("/sso/connexion").status_code == 404
    staff = make.staff(Role.FACILITATOR)
    db.commit()
    login(client, staff)
