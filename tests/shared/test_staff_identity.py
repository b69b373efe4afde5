"""Which account a provider's identity opens (shared/staff/identity.py) and the IDMIX_OIDC_* settings."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.audit.models import AuditEntry
from shared.staff.identity import (DEACTIVATED, NO_ACCOUNT, OTHER_IDENTITY, UNVERIFIED_EMAIL, IdentityRefused,
                                   ProviderIdentity, mapped_role, parse_role_map, sign_in_with_provider)
from shared.staff.models import Role, StaffMember
from shared.staff.oidc_settings import PROCONNECT_SCOPES, OidcSettingError, oidc_settings

ISSUER = "https://sso.exemple.fr/realms/cd"


def who(subject="s-1", email="anne@exemple.fr", verified=True, **kw) -> ProviderIdentity:
    return ProviderIdentity(issuer=ISSUER, subject=subject, email=email, email_verified=verified, **kw)


def sign_in(db, identity, **kw):
    return sign_in_with_provider(db, identity, provider_name="Keycloak", **kw)


def test_the_verified_email_links_the_account_once_then_the_subject_alone_opens_it(db, make):
    anne = make.staff(Role.FACILITATOR, email="Anne@Exemple.fr")
    assert sign_in(db, who()) is anne
    assert (anne.oidc_issuer, anne.oidc_subject) == (ISSUER, "s-1")
    assert sign_in(db, who(email="autre@exemple.fr", verified=False)) is anne


def test_the_same_subject_from_another_issuer_is_another_identity(db, make):
    make.staff(Role.FACILITATOR, email="anne@exemple.fr", oidc_issuer="https://autre.fr", oidc_subject="s-1")
    with pytest.raises(IdentityRefused, match=OTHER_IDENTITY):
        sign_in(db, who())


def test_an_unverified_or_missing_email_links_nothing(db, make):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    for identity in (who(verified=False), who(email=None), who(email="  ")):
        with pytest.raises(IdentityRefused, match=UNVERIFIED_EMAIL):
            sign_in(db, identity)
    assert anne.oidc_subject is None


def test_a_deactivated_account_is_refused_and_not_linked(db, make):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr", active=False)
    with pytest.raises(IdentityRefused, match=DEACTIVATED):
        sign_in(db, who())
    assert anne.oidc_subject is None


def test_no_account_is_made_without_a_role_mapping(db):
    with pytest.raises(IdentityRefused, match=NO_ACCOUNT):
        sign_in(db, who(email="nouveau@exemple.fr", claim_values=("idmix-admins",)))
    assert db.scalar(select(StaffMember).where(StaffMember.email == "nouveau@exemple.fr")) is None


def test_a_mapped_claim_makes_the_account_with_the_highest_role_and_no_password(db):
    made = sign_in(db, who(email="nouveau@exemple.fr", first_name="Noé", last_name="Petit",
                           claim_values=("idmix-animateurs", "idmix-admins")),
                   role_map=parse_role_map("idmix-animateurs=facilitator,idmix-admins=admin"))
    assert (made.role, made.password_hash, made.oidc_subject, made.full_name) == (Role.ADMIN, None, "s-1", "Noé Petit")


def test_a_made_account_needs_a_name(db):
    with pytest.raises(IdentityRefused, match="Votre compte ne peut pas être créé"):
        sign_in(db, who(email="nouveau@exemple.fr", claim_values=("g",)), role_map={"g": Role.REFERRER})


def test_the_journal_names_the_provider_and_the_person(db, make):
    anne = make.staff(Role.FACILITATOR, email="anne@exemple.fr")
    sign_in(db, who())
    entries = db.scalars(select(AuditEntry).where(AuditEntry.record_id == str(anne.id)).order_by(AuditEntry.id)).all()
    entry = [e for e in entries if "connexion" in e.changes][-1]  # the session also journals the link's columns
    assert (entry.actor_id, entry.changes) == (anne.id, {"connexion": [None, "Connexion par Keycloak"]})


def test_role_mapping_priority_and_mistakes():
    mapping = parse_role_map(" a = referrer , b=facilitator ")
    assert mapped_role(["x", "a", "b"], mapping) is Role.FACILITATOR
    assert mapped_role(["x"], mapping) is None
    with pytest.raises(ValueError, match="n'est pas de la forme"):
        parse_role_map("a=chef")


def test_no_issuer_no_provider():
    assert oidc_settings({}) is None
    assert oidc_settings({"IDMIX_OIDC_CLIENT_ID": "x"}) is None


FULL = {"IDMIX_OIDC_ISSUER": ISSUER, "IDMIX_OIDC_CLIENT_ID": "c", "IDMIX_OIDC_CLIENT_SECRET": "s"}


@pytest.mark.parametrize("environ, says", [
    (FULL | {"IDMIX_OIDC_ISSUER": "sso.exemple.fr"}, "IDMIX_OIDC_ISSUER doit être une adresse"),
    ({"IDMIX_OIDC_ISSUER": ISSUER}, "IDMIX_OIDC_CLIENT_ID manque"),
    ({"IDMIX_OIDC_ISSUER": ISSUER, "IDMIX_OIDC_CLIENT_ID": "c"}, "IDMIX_OIDC_CLIENT_SECRET manque"),
    (FULL | {"IDMIX_OIDC_PROFILE": "franceconnect"}, "IDMIX_OIDC_PROFILE vaut"),
    (FULL | {"IDMIX_OIDC_PASSWORD_LOGIN": "peut-être"}, "IDMIX_OIDC_PASSWORD_LOGIN vaut"),
    (FULL | {"IDMIX_OIDC_ROLE_MAP": "a=admin"}, "IDMIX_OIDC_ROLE_MAP demande IDMIX_OIDC_ROLE_CLAIM"),
])
def test_a_wrong_setting_is_named_in_french(environ, says):
    with pytest.raises(OidcSettingError, match=says):
        oidc_settings(environ)


def test_proconnect_s_profile_fixes_its_scopes_and_name():
    settings = oidc_settings({"IDMIX_OIDC_ISSUER": ISSUER + "/", "IDMIX_OIDC_CLIENT_ID": "c",
                              "IDMIX_OIDC_CLIENT_SECRET": "s", "IDMIX_OIDC_PROFILE": "ProConnect",
                              "IDMIX_OIDC_SCOPES": "openid"})
    assert (settings.scopes, settings.provider_name, settings.issuer) == (PROCONNECT_SCOPES, "ProConnect", ISSUER)


def test_break_glass_accounts_keep_their_password_when_it_is_closed():
    settings = oidc_settings({"IDMIX_OIDC_ISSUER": ISSUER, "IDMIX_OIDC_CLIENT_ID": "c", "IDMIX_OIDC_CLIENT_SECRET": "s",
                              "IDMIX_OIDC_PASSWORD_LOGIN": "non", "IDMIX_OIDC_BREAK_GLASS": "Secours@CD.fr, b@cd.fr"})
    assert settings.password_allowed(" secours@cd.fr ") and not settings.password_allowed("anne@cd.fr")
