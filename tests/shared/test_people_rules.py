"""A person's record and their referrals: plausible values, derived group and last contact."""

import datetime as dt

import pytest

from shared.errors import DomainError
from shared.people.models import Benefit, Gender
from shared.people.operations import (delete_referral, refer_again, refer_participant, update_participant,
                                      update_referral)
from shared.people.rules import check_birth_year, normalise_phone


def _refused(call, field: str, message: str) -> None:
    with pytest.raises(DomainError) as error:
        call()
    assert error.value.field == field and message in error.value.message, (error.value.field, error.value.message)


def _new(db, make, **kw):
    group, referrer = kw.pop("group", None) or make.group(), kw.pop("referrer", None) or make.referrer()
    values = dict(first_name="Awa", last_name="Diallo", group=group, referrer=referrer,
                  referred_on=dt.date(2026, 3, 2), gender=Gender.FEMALE, birth_year=1980, benefit=Benefit.RSA)
    return refer_participant(db, **(values | kw))


def test_a_birth_year_before_1900_is_refused_and_the_message_says_so(today):
    _refused(lambda: check_birth_year(1850, referred_in=2026), "birth_year", "1900 ou après")


def test_a_person_must_be_an_adult_in_the_year_of_their_referral(today):
    _refused(lambda: check_birth_year(2024, referred_in=2026), "birth_year", "majeure")
    _refused(lambda: check_birth_year(2009, referred_in=2026), "birth_year", "2008 ou avant")
    assert check_birth_year(2008, referred_in=2026) == 2008
    assert check_birth_year(1900, referred_in=2026) == 1900
    assert check_birth_year(None, referred_in=2026) is None


@pytest.mark.parametrize("typed, stored", [
    ("0612345678", "06 12 34 56 78"), ("06.12.34.56.78", "06 12 34 56 78"), ("06-12-34-56-78", "06 12 34 56 78"),
    (" 01 23 45 67 89 ", "01 23 45 67 89"), ("+32 470 12 34 56", "+32470123456"), ("", None), (None, None),
])
def test_a_phone_number_is_french_or_international_and_stored_in_one_shape(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "061234567", "06123456789", "6 12 34 56 78", "+1234567", "+1234567890123456",
                                   "06 12 34 56 7a"])
def test_a_phone_that_is_no_number_is_refused_next_to_the_field(typed):
    _refused(lambda: normalise_phone(typed), "phone", "10 chiffres")


def test_a_new_person_gets_the_group_and_last_contact_of_their_referral(db, make, today):
    person = _new(db, make, phone="06.12.34.56.78", town="  Villeneuve ", reason="Isolement")
    assert person.group_id == person.referrals[0].group_id
    assert person.last_contact_on == dt.date(2026, 3, 2)
    assert person.phone == "06 12 34 56 78" and person.town == "Villeneuve"
    assert person.referrals[0].reason == "Isolement"


@pytest.mark.parametrize("field, value, message", [
    ("first_name", "A" * 81, "Texte trop long pour le prénom"),
    ("last_name", "", "Indiquez le nom"),
    ("town", "V" * 121, "Texte trop long pour la commune"),
    ("reason", "R" * 4001, "Texte trop long pour le motif"),
    ("expectations", "E" * 4001, "Texte trop long pour les attentes"),
    ("birth_year", 2024, "majeure"),
    ("phone", "abc", "10 chiffres"),
    ("consent_on", dt.date(2026, 3, 11), "dans le futur"),
])
def test_a_new_person_with_an_implausible_field_is_refused_next_to_it(db, make, today, field, value, message):
    _refused(lambda: _new(db, make, **{field: value}), field, message)


def test_editing_a_person_checks_the_same_rules_and_never_moves_them(db, make, today):
    person = make.participant(referred_on=dt.date(2025, 6, 1))
    group = person.group_id
    values = dict(first_name="Fatima", last_name="Benali", gender=Gender.FEMALE, birth_year=1975, town=None,
                  benefit=Benefit.RSA, phone="+33 6 12 34 56 78", consent_on=None)
    update_participant(db, person, **values)
    assert person.phone == "+33612345678" and person.group_id == group
    _refused(lambda: update_participant(db, person, **(values | {"birth_year": 2008})), "birth_year", "2025")
    _refused(lambda: update_participant(db, person, **(values | {"first_name": "x" * 10_000})), "first_name",
             "80 caractères au plus")


def test_a_referral_to_another_group_moves_the_person_and_their_last_contact(db, make, today):
    person = make.participant(referred_on=dt.date(2025, 6, 1), last_contact_on=dt.date(2025, 6, 1))
    other = make.group()
    refer_again(db, person, group=other, referrer=make.referrer(), referred_on=dt.date(2026, 3, 1))
    assert person.group_id == other.id and person.last_contact_on == dt.date(2026, 3, 1)


def test_a_referral_dated_before_a_later_contact_does_not_move_the_last_contact_back(db, make, today):
    person = make.participant(referred_on=dt.date(2025, 6, 1), last_contact_on=dt.date(2026, 3, 5))
    refer_again(db, person, group=person.group, referrer=make.referrer(), referred_on=dt.date(2026, 3, 1))
    assert person.last_contact_on == dt.date(2026, 3, 5)


def test_correcting_a_referral_keeps_its_group_and_checks_its_date(db, make, today):
    person = make.participant(referred_on=dt.date(2025, 6, 1))
    referral = person.referrals[0]
    referrer = make.referrer()
    update_referral(db, referral, referred_on=dt.date(2025, 5, 20), referrer=referrer, reason="Isolement",
                    expectations=None)
    assert (referral.referred_on, referral.referrer_id, referral.reason) == (dt.date(2025, 5, 20), referrer.id,
                                                                             "Isolement")
    _refused(lambda: update_referral(db, referral, referred_on=dt.date(2026, 4, 1), referrer=referrer, reason=None,
                                     expectations=None), "referred_on", "dans le futur")
    _refused(lambda: update_referral(db, referral, referred_on=dt.date(2025, 5, 20),
                                     referrer=make.facilitator(), reason=None, expectations=None),
             "referrer", "travailleur social orienteur")
    assert referral.referred_on == dt.date(2025, 5, 20) and referral.referrer_id == referrer.id


def test_deleting_the_latest_referral_gives_the_person_back_their_previous_group(db, make, today):
    person = make.participant(referred_on=dt.date(2025, 6, 1))
    first_group = person.group_id
    moved = refer_again(db, person, group=make.group(), referrer=make.referrer(), referred_on=dt.date(2026, 3, 1))
    delete_referral(db, moved)
    assert person.group_id == first_group and len(person.referrals) == 1
    with pytest.raises(DomainError, match="seule orientation"):
        delete_referral(db, person.referrals[0])
