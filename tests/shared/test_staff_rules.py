"""Staff accounts (``shared.staff.rules``, ``shared.staff.accounts``)."""

import pytest

from shared.errors import DomainError
from shared.staff.accounts import create_staff_member, update_staff_member
from shared.staff.models import JobTitle, Role
from shared.staff.passwords import verify_password
from shared.staff.rules import AccountError, check_email

ACCOUNT = dict(email="Awa.Diallo@cd.example.fr", first_name="Awa", last_name="Diallo", role=Role.FACILITATOR,
               password="un-mot-de-passe-long")


@pytest.mark.parametrize("email", ["", "awa", "awa@", "awa@cd", "a wa@cd.fr", "a" * 120 + "@cd.fr"])
def test_an_invalid_e_mail_is_refused(db, email):
    with pytest.raises(DomainError) as refused:
        check_email(db, email)
    assert refused.value.field == "email"


def test_an_e_mail_is_unique_whatever_its_case(db, make):
    staff = make.staff(email="claire.martin@cd.example.fr")
    with pytest.raises(AccountError):
        check_email(db, " Claire.Martin@CD.example.fr ")
    assert check_email(db, "Claire.Martin@cd.example.fr", exclude_id=staff.id) == "claire.martin@cd.example.fr"


def test_a_new_account_needs_a_password_of_10_characters(db):
    with pytest.raises(AccountError) as refused:
        create_staff_member(db, **(ACCOUNT | {"password": ""}))
    assert refused.value.field == "password"
    with pytest.raises(DomainError, match="au moins 10 caractères"):
        create_staff_member(db, **(ACCOUNT | {"password": "court"}))
    staff = create_staff_member(db, **ACCOUNT)
    assert staff.email == "awa.diallo@cd.example.fr" and staff.job_title is JobTitle.FACILITATOR
    assert verify_password(staff.password_hash, "un-mot-de-passe-long")


def test_an_update_never_changes_the_password(db, make):
    staff = make.staff()
    hashed = staff.password_hash
    values = dict(email=staff.email, first_name="Claire", last_name="Durand", role=staff.role,
                  job_title=staff.job_title, groups=[], active=True)
    update_staff_member(db, staff, **values)
    assert staff.last_name == "Durand" and staff.password_hash == hashed
    with pytest.raises(TypeError):  # an admin sends a reset instead (shared.staff.password_resets)
        update_staff_member(db, staff, **values, new_password="un-autre-mot-de-passe")


def test_an_admin_cannot_lock_themself_out(db, make):
    admin = make.staff(Role.ADMIN)
    values = dict(email=admin.email, first_name=admin.first_name, last_name=admin.last_name, role=Role.ADMIN,
                  job_title=admin.job_title, groups=[], active=True, actor=admin)
    with pytest.raises(AccountError) as refused:
        update_staff_member(db, admin, **(values | {"active": False}))
    assert refused.value.field == "active"
    with pytest.raises(AccountError) as refused:
        update_staff_member(db, admin, **(values | {"role": Role.FACILITATOR}))
    assert refused.value.field == "role"
    other = make.staff(Role.ADMIN)
    update_staff_member(db, admin, **(values | {"active": False, "actor": other}))
    assert not admin.active


# Issue #23, point 7: the product's name, the structure's words and the user's names, with a year.

@pytest.mark.parametrize("password", ["ID'MIX2026!", "Idmix2026!!", "Nadia2026!!", "Circonscription2026!",
                                      "Tournesols2026!", "Villeneuve-2026!", "Durand2026!!"])
def test_a_known_word_dressed_up_with_a_year_and_signs_is_refused(db, make, password):
    make.group(name="Les Tournesols", district="Villeneuve")
    with pytest.raises(DomainError) as refused:
        create_staff_member(db, **(ACCOUNT | {"last_name": "Durand", "password": password}))
    assert refused.value.field == "password"


def test_unrelated_words_with_a_known_one_are_still_accepted(db, make):
    make.group(name="Les Tournesols", district="Villeneuve")
    staff = create_staff_member(db, **(ACCOUNT | {"password": "tournesols piano orage radis"}))
    assert verify_password(staff.password_hash, "tournesols piano orage radis")
