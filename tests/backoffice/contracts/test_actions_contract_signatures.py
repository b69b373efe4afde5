import datetime as dt
import html

from shared.contracts.operations import Party
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def sign_url(contract):
    return f"/actions/signatures/{contract.id}"


def end_url(contract):
    return f"/actions/early-end/{contract.id}"


def draft_for(world, make, today):
    person = make.participant(world.group, referrer=world.referrer)
    return make.contract(person, facilitator=world.facilitator, signed=False, starts_on=today)


# --- signatures ----------------------------------------------------------------------------------

def test_signature_form_offers_the_unsigned_parties_with_today_by_default(world, make, login_as, today):
    draft = draft_for(world, make, today)
    page = text(login_as(world.facilitator).get(sign_url(draft)))
    assert "La personne" in page and "Le travailleur social orienteur" in page
    assert f'value="{today:%d/%m/%Y}"' in page


def test_each_party_signs_and_the_third_signature_puts_the_contract_in_force(world, make, login_as, db, today):
    draft = draft_for(world, make, today)
    client = login_as(world.facilitator)
    for party in Party.ALL:
        response = client.post(sign_url(draft), data={"party": party, "signed_on": today.isoformat()})
        assert response.status_code == 302
    db.refresh(draft)
    assert draft.participant_signed_on == draft.facilitator_signed_on == draft.referrer_signed_on == today
    assert draft.is_signed
    assert "Les trois parties ont signé" in text(client.get(sign_url(draft)))


def test_signature_in_the_future_is_refused_next_to_the_date(world, make, login_as, db, today):
    draft = draft_for(world, make, today)
    tomorrow = today + dt.timedelta(days=1)
    page = login_as(world.facilitator).post(sign_url(draft), data={"party": Party.PARTICIPANT,
                                                                   "signed_on": tomorrow.isoformat()})
    assert page.status_code == 200
    assert "ne peut pas être dans le futur" in text(page)
    db.refresh(draft)
    assert draft.participant_signed_on is None


def test_signature_without_date_or_party_is_refused(world, make, login_as, db, today):
    draft = draft_for(world, make, today)
    client = login_as(world.facilitator)
    page = client.post(sign_url(draft), data={"party": Party.REFERRER, "signed_on": ""})
    assert page.status_code == 200 and "Indiquez une date." in text(page)
    page = client.post(sign_url(draft), data={"party": "", "signed_on": today.isoformat()})
    assert page.status_code == 200
    page = client.post(sign_url(draft), data={"party": "boss", "signed_on": today.isoformat()})
    assert page.status_code == 200
    db.refresh(draft)
    assert draft.referrer_signed_on is None


def test_signature_that_would_overlap_another_contract_is_refused(world, make, login_as, db, today):
    overlapping = make.contract(world.participant, facilitator=world.facilitator, signed=False,
                                starts_on=world.contract.ends_on - dt.timedelta(days=5))
    overlapping.participant_signed_on = overlapping.facilitator_signed_on = today
    db.flush()
    page = login_as(world.facilitator).post(sign_url(overlapping), data={"party": Party.REFERRER,
                                                                         "signed_on": today.isoformat()})
    assert page.status_code == 200 and "qu'un contrat en vigueur à la fois" in text(page)
    db.refresh(overlapping)
    assert overlapping.referrer_signed_on is None


def test_referrer_may_not_record_signatures(world, make, login_as, today):
    draft = draft_for(world, make, today)
    client = login_as(world.referrer)
    assert client.get(sign_url(draft)).status_code == 403
    assert client.post(sign_url(draft), data={"party": Party.REFERRER,
                                              "signed_on": today.isoformat()}).status_code == 403


def test_signatures_of_a_contract_out_of_scope_or_unknown_are_not_found(world, other_world, login_as):
    client = login_as(world.facilitator)
    assert client.get(sign_url(other_world.contract)).status_code == 404
    assert client.post("/actions/signatures/999999", data={"party": "participant"}).status_code == 404


# --- early end -----------------------------------------------------------------------------------

def test_signature_before_the_person_s_referral_is_refused_next_to_the_date(world, make, login_as, db, today):
    person = make.participant(world.group, referrer=world.referrer, referred_on=today - dt.timedelta(days=5))
    draft = make.contract(person, facilitator=world.facilitator, signed=False, starts_on=today)
    too_early = today - dt.timedelta(days=6)
    page = text(login_as(world.facilitator).post(sign_url(draft), data={"party": Party.PARTICIPANT,
                                                                        "signed_on": too_early.isoformat()}))
    assert (f"La date de signature par la personne ({too_early:%d/%m/%Y}) est avant l'orientation de la personne "
            f"(le {today - dt.timedelta(days=5):%d/%m/%Y})") in page
    db.refresh(draft)
    assert draft.participant_signed_on is None


def test_a_first_contract_without_objectives_is_not_signed(world, make, login_as, db, today):
    person = make.participant(world.group, referrer=world.referrer)
    draft = make.contract(person, facilitator=world.facilitator, signed=False, starts_on=today, objectives=())
    page = text(login_as(world.facilitator).post(sign_url(draft), data={"party": Party.FACILITATOR,
                                                                        "signed_on": today.isoformat()}))
    assert "ajoutez au moins un objectif avant la première signature" in page
    db.refresh(draft)
    assert draft.facilitator_signed_on is None


def test_early_end_with_a_reason_longer_than_a_line_is_refused(world, login_as, db, today):
    page = text(login_as(world.facilitator).post(end_url(world.contract), data={
        "ended_early_on": today.isoformat(), "early_end_reason": "x" * 301}))
    assert "300 caractères au plus" in page
    db.refresh(world.contract)
    assert world.contract.ended_early_on is None


def test_early_end_with_date_and_reason(world, login_as, db, today):
    response = login_as(world.facilitator).post(end_url(world.contract), data={
        "ended_early_on": today.isoformat(), "early_end_reason": "Reprise d'emploi"})
    assert response.status_code == 302
    db.refresh(world.contract)
    assert world.contract.ended_early_on == today and world.contract.early_end_reason == "Reprise d'emploi"


def test_early_end_without_reason_is_refused(world, login_as, db, today):
    page = login_as(world.facilitator).post(end_url(world.contract), data={
        "ended_early_on": today.isoformat(), "early_end_reason": "   "})
    assert page.status_code == 200 and "Indiquez le motif de la fin anticipée." in text(page)
    db.refresh(world.contract)
    assert world.contract.ended_early_on is None


def test_early_end_before_the_start_is_refused(world, login_as, db):
    before = world.contract.starts_on - dt.timedelta(days=1)
    page = login_as(world.facilitator).post(end_url(world.contract), data={
        "ended_early_on": before.isoformat(), "early_end_reason": "Déménagement"})
    assert page.status_code == 200 and "ne peut pas précéder le début du contrat" in text(page)
    db.refresh(world.contract)
    assert world.contract.ended_early_on is None


def test_early_end_after_the_planned_end_or_without_date_is_refused(world, login_as, db):
    client = login_as(world.facilitator)
    after = world.contract.ends_on + dt.timedelta(days=1)
    page = client.post(end_url(world.contract), data={"ended_early_on": after.isoformat(),
                                                      "early_end_reason": "Déménagement"})
    assert "est après la fin prévue" in text(page)
    page = client.post(end_url(world.contract), data={"ended_early_on": "", "early_end_reason": "Déménagement"})
    assert page.status_code == 200 and "Indiquez une date." in text(page)
    db.refresh(world.contract)
    assert world.contract.ended_early_on is None


def test_referrer_may_not_end_a_contract(world, login_as, today):
    response = login_as(world.referrer).post(end_url(world.contract), data={
        "ended_early_on": today.isoformat(), "early_end_reason": "Déménagement"})
    assert response.status_code == 403


def test_early_end_out_of_scope_is_not_found(world, other_world, login_as):
    assert login_as(world.facilitator).get(end_url(other_world.contract)).status_code == 404
