"""The contract's create and edit forms go through shared.contracts: the rules apply, the group follows the
person, a signed contract is locked, and a draft made by mistake can be deleted (a signed one never)."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from bench.html_forms import main_form
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract, Objective, ObjectiveStatus
from shared.reviews.models import ContractReview, ReviewKind
from tests.backoffice.world import build_world
from tests.pages import text

LOCKED = "Ce contrat est signé par les trois parties"


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def new_form(world, person, **overrides) -> dict:
    data = {
        "participant": str(person.id), "facilitator": str(world.facilitator.id), "referrer": str(world.referrer.id),
        "starts_on": "2026-03-02", "ends_on": "2027-03-01", "expectations": "Rencontrer du monde",
        "objectives-0-wording": "Prendre la parole en groupe", "objectives-0-category": "social_ties",
        "objectives-0-status": "open",
    }
    return data | overrides


def edit_form(client, contract) -> dict:
    return main_form(client.get(f"/contract/edit/?id={contract.id}").get_data(as_text=True)).defaults()


def contracts_of(db, person) -> list[Contract]:
    db.expire_all()
    return db.scalars(select(Contract).where(Contract.participant_id == person.id)).all()


@pytest.fixture
def newcomer(world, make, today):
    """Referred ten days ago to the world's group; no contract yet."""
    return make.participant(world.group, referrer=world.referrer, referred_on=today - dt.timedelta(days=10))


@pytest.fixture
def draft(world, make, newcomer, today):
    return make.contract(newcomer, facilitator=world.facilitator, signed=False, starts_on=today,
                         objectives=("Sortir de chez moi", "Cuisiner pour deux"))


# --- creating ------------------------------------------------------------------------------------

def test_a_new_contract_is_saved_with_the_person_s_group_and_its_objectives(world, newcomer, login_as, db):
    client = login_as(world.facilitator)
    response = client.post("/contract/new/", data=new_form(world, newcomer, group=str(world.other_group.id)))
    assert response.status_code == 302, text(response)[:400]
    [contract] = contracts_of(db, newcomer)
    assert contract.group_id == world.group.id  # derived from the person, whatever is posted
    assert [o.wording for o in contract.objectives] == ["Prendre la parole en groupe"]
    assert not contract.is_signed


def test_a_contract_starting_before_the_referral_is_refused_next_to_the_start(world, newcomer, login_as, db, today):
    client = login_as(world.facilitator)
    page = text(client.post("/contract/new/", data=new_form(world, newcomer, starts_on="2026-02-01")))
    referred = (today - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"Le contrat ne peut pas commencer avant l'orientation de la personne (le {referred})" in page
    assert contracts_of(db, newcomer) == []


def test_a_signature_before_the_referral_or_in_the_future_is_refused(world, newcomer, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.post("/contract/new/", data=new_form(world, newcomer, participant_signed_on="2026-02-20")))
    assert "est avant l'orientation de la personne" in page
    page = text(client.post("/contract/new/", data=new_form(world, newcomer, referrer_signed_on="2026-03-11")))
    assert "ne peut pas être dans le futur" in page
    assert contracts_of(db, newcomer) == []


def test_a_first_contract_is_not_signed_without_an_objective(world, newcomer, login_as, db):
    client = login_as(world.facilitator)
    form = {k: v for k, v in new_form(world, newcomer, facilitator_signed_on="2026-03-05").items()
            if not k.startswith("objectives-")}
    page = text(client.post("/contract/new/", data=form))
    assert "ajoutez au moins un objectif avant la première signature" in page
    assert contracts_of(db, newcomer) == []


@pytest.mark.parametrize("field, value, message", [
    ("expectations", "a" * 4001, "Texte trop long pour les attentes de la personne : 4000 caractères au plus"),
    ("objectives-0-wording", "b" * 301, "Le champ ne peut pas contenir plus de 300 caractères."),  # the form first
])
def test_text_longer_than_the_printed_contract_takes_is_refused(world, newcomer, login_as, db, field, value,
                                                                 message):
    page = text(login_as(world.facilitator).post("/contract/new/", data=new_form(world, newcomer, **{field: value})))
    assert message in page
    assert contracts_of(db, newcomer) == []


# --- editing a draft -----------------------------------------------------------------------------

def test_a_draft_s_dates_and_objectives_are_edited_added_and_removed(world, draft, login_as, db):
    client = login_as(world.facilitator)
    form = edit_form(client, draft)
    form |= {"ends_on": "2026-12-31", "objectives-0-wording": "Sortir de chez moi deux fois par semaine",
             "del-objectives-1": "on", "objectives-2-wording": "Aller au marché", "objectives-2-category": "autonomy",
             "objectives-2-status": "open"}
    response = client.post(f"/contract/edit/?id={draft.id}", data=form)
    assert response.status_code == 302, text(response)[:600]
    db.expire_all()
    contract = db.get(Contract, draft.id)
    assert contract.ends_on == dt.date(2026, 12, 31)
    assert [o.wording for o in contract.objectives] == ["Sortir de chez moi deux fois par semaine", "Aller au marché"]
    removed = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "objective",
                                                  AuditEntry.action == AuditAction.DELETE)).all()
    assert [entry.changes["wording"][0] for entry in removed] == ["Cuisiner pour deux"]


def test_a_draft_moved_before_the_referral_is_refused(world, draft, login_as, db, today):
    client = login_as(world.facilitator)
    page = text(client.post(f"/contract/edit/?id={draft.id}", data=edit_form(client, draft) | {"starts_on": "2026-02-01",
                                                                                    "ends_on": "2026-12-31"}))
    assert "ne peut pas commencer avant l'orientation" in page
    db.expire_all()
    assert db.get(Contract, draft.id).starts_on == today


# --- a signed contract is locked -----------------------------------------------------------------

@pytest.mark.parametrize("change, field", [
    ({"ends_on": "2026-12-31"}, "la date de fin"),
    ({"starts_on": "2026-02-01"}, "la date de début"),
    ({"participant_signed_on": "2026-02-03"}, "la date de signature par la personne"),
    ({"objectives-0-wording": "Un autre objectif"}, "ses objectifs"),
    ({"del-objectives-0": "on"}, "ses objectifs"),
    ({"objectives-1-wording": "Un objectif de plus", "objectives-1-category": "health",
      "objectives-1-status": "open"}, "ses objectifs"),
])
def test_a_signed_contract_keeps_its_dates_parties_and_objectives(world, login_as, db, change, field):
    client = login_as(world.facilitator)
    before = db.get(Contract, world.contract.id)
    starts_on, ends_on, wording = before.starts_on, before.ends_on, [o.wording for o in before.objectives]
    page = text(client.post(f"/contract/edit/?id={world.contract.id}", data=edit_form(client, world.contract) | change))
    assert f"{LOCKED} : on ne modifie plus ici {field}" in page
    assert "Corriger une erreur de saisie" in page
    db.expire_all()
    after = db.get(Contract, world.contract.id)
    assert (after.starts_on, after.ends_on, [o.wording for o in after.objectives]) == (starts_on, ends_on, wording)


def test_a_signed_contract_s_progress_and_expectations_still_change(world, login_as, db):
    client = login_as(world.facilitator)
    form = edit_form(client, world.contract) | {"objectives-0-status": "achieved", "expectations": "Trouver un stage"}
    assert client.post(f"/contract/edit/?id={world.contract.id}", data=form).status_code == 302
    db.expire_all()
    contract = db.get(Contract, world.contract.id)
    assert contract.objectives[0].status is ObjectiveStatus.ACHIEVED and contract.expectations == "Trouver un stage"


def test_the_edit_page_of_a_signed_contract_says_it_is_locked(world, login_as):
    page = text(login_as(world.facilitator).get(f"/contract/edit/?id={world.contract.id}"))
    assert "Contrat signé par les trois parties." in page and "Fin anticipée" in page


def test_the_list_offers_the_pencil_for_drafts_only(world, draft, login_as):
    page = login_as(world.facilitator).get("/contract/").get_data(as_text=True)
    assert f"/contract/edit/?id={draft.id}" in page
    assert f"/contract/edit/?id={world.contract.id}" not in page


# --- deleting ------------------------------------------------------------------------------------

def test_a_draft_made_by_mistake_is_deleted_with_its_objectives_audited(world, draft, login_as, db):
    draft_id, objective_ids = draft.id, [o.id for o in draft.objectives]
    response = login_as(world.facilitator).post("/contract/delete/", data={"id": str(draft_id)})
    assert response.status_code == 302
    db.expire_all()
    assert db.get(Contract, draft_id) is None and all(db.get(Objective, i) is None for i in objective_ids)
    deleted = db.scalars(select(AuditEntry.table_name).where(AuditEntry.action == AuditAction.DELETE)).all()
    assert sorted(deleted) == ["contract", "objective", "objective"]


def test_a_signed_contract_is_never_deleted(world, login_as, db):
    client = login_as(world.facilitator)
    response = client.post("/contract/delete/", data={"id": str(world.contract.id)}, follow_redirects=True)
    assert "Ce contrat ne peut pas être supprimé : il a déjà été signé." in text(response)
    assert "Fin anticipée" in text(response)
    db.expire_all()
    assert db.get(Contract, world.contract.id) is not None


def test_a_contract_with_a_review_is_never_deleted(world, make, newcomer, login_as, db, today):
    draft = make.contract(newcomer, facilitator=world.facilitator, signed=False, starts_on=today)
    db.add(ContractReview(contract_id=draft.id, kind=ReviewKind.MID_TERM, held_on=today))  # as old data may hold
    db.flush()
    page = text(login_as(world.facilitator).post("/contract/delete/", data={"id": str(draft.id)},
                                                 follow_redirects=True))
    assert "elle a un historique (1 bilan)" in page and "Fin anticipée" in page
    db.expire_all()
    assert db.get(Contract, draft.id) is not None


def test_an_edit_posted_without_its_version_is_not_a_500(world, login_as, db):
    """The hidden version field then keeps the stored number (an int), not posted text."""
    client = login_as(world.facilitator)
    response = client.post(f"/contract/edit/?id={world.contract.id}", data={"expectations": "Voir du monde"})
    assert response.status_code == 200  # the form again, with what is missing said next to its fields
    page = html.unescape(response.get_data(as_text=True))
    assert "Indiquez la date de début du contrat." in page and "alert-danger" not in page  # said once, under it


def test_the_contract_page_says_at_a_glance_whether_it_is_signed_and_in_force(world, make, login_as, today):
    draft = make.contract(make.participant(world.group, referrer=world.referrer), facilitator=world.facilitator,
                          signed=False, starts_on=today)
    client = login_as(world.facilitator)
    signed_page = text(client.get(f"/contract/details/?id={world.contract.id}"))
    assert f"En vigueur jusqu'au {world.contract.last_day:%d/%m/%Y}" in signed_page and "verrouillés" in signed_page
    assert "Brouillon (0/3 signatures)" in text(client.get(f"/contract/details/?id={draft.id}"))


def test_a_draft_signed_by_two_parties_shows_two_signatures_on_its_page_and_in_the_list(world, make, login_as, db,
                                                                                          today):
    draft = make.contract(make.participant(world.group, referrer=world.referrer), facilitator=world.facilitator,
                          signed=False, starts_on=today)
    draft.participant_signed_on = draft.facilitator_signed_on = today
    db.flush()
    client = login_as(world.facilitator)
    assert "Brouillon (2/3 signatures)" in text(client.get(f"/contract/details/?id={draft.id}"))
    listed = text(client.get("/contract/"))
    assert "brouillon (2/3)" in listed and "signé (3/3)" in listed
