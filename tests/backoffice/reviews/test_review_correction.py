"""Correcting a recorded review from the contract page: the pre-filled form, its refusals, who may, the audit trail."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Objective, ObjectiveStatus
from shared.reviews.models import ContractReview, LifeArea, ReviewKind
from shared.reviews.operations import record_review
from shared.reviews.rules import PositionDraft
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401
from tests.backoffice.reviews.test_reviews import counts, good_review, review_url, text


def correct_url(contract, kind="mid_term"):
    return f"/actions/review/{contract.id}/{kind}/corriger"


def contract_page(client, contract):
    page = text(client.get(f"/contract/details/?id={contract.id}"))
    return page[page.index('id="bilans"'):page.index('id="sortie"')]


@pytest.fixture
def mid_term(world, db, today):
    """A mid-term review recorded 30 days ago, with a typo and a wrong status."""
    objective = world.contract.objectives[0]
    return record_review(
        db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30),
        positions=[PositionDraft(objective.id, ObjectiveStatus.ACHIEVED, "Vient chaque juedi")],
        participant_took_part=True, facilitator_took_part=True, next_steps="Rencontrer la CIP",
        self_ratings={LifeArea.GOING_OUT: 3, LifeArea.HEALTH: 2}, actor=world.facilitator,
    )


def recorded(db, review_id):
    """What a reader of the review would see, and the objectives' statuses."""
    db.expire_all()
    review = db.get(ContractReview, review_id)
    return (review.held_on, review.participant_took_part, review.facilitator_took_part, review.referrer_took_part,
            review.next_steps, [(p.objective_id, p.status, p.comment) for p in review.positions],
            {r.area: r.rating for r in review.self_ratings},
            [o.status for o in review.contract.objectives])


def corrected(world, today, **overrides):
    """The review as it should have been: another date, the referrer there, in progress, one rating less."""
    objective = world.contract.objectives[0]
    return good_review(world.contract, today, **({
        "held_on": (today - dt.timedelta(days=29)).strftime("%d/%m/%Y"), "referrer_took_part": "y",
        f"status-{objective.id}": "in_progress", f"comment-{objective.id}": "Vient chaque jeudi",
        "rating-going_out": "2", "rating-meeting_people": "", "rating-health": "",
        "next_steps": "Rencontrer la CIP en avril",
    } | overrides))


def ticked(page, field_id) -> bool:
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', page).group(0)
    return " checked" in tag


def refused(client, db, review, data, message):
    """The page answers 200 with ``message`` and the review stays as recorded."""
    before = recorded(db, review.id), counts(db)
    response = client.post(correct_url(review.contract, review.kind.value), data=data)
    page = text(response)
    assert response.status_code == 200, page[:500]
    assert message in page, page[page.find("alert"):][:1500]
    assert "Rien n'a été enregistré" in page and "Enregistrer les corrections" in page
    assert (recorded(db, review.id), counts(db)) == before
    return page


# --- the form -------------------------------------------------------------------------------------

def test_the_correction_form_shows_the_review_as_recorded(world, mid_term, login_as, today):
    page = text(login_as(world.facilitator).get(correct_url(world.contract)))
    held_on = today - dt.timedelta(days=30)
    assert f"Corriger le bilan à mi-parcours du {held_on:%d/%m/%Y}" in page
    assert f'value="{held_on:%d/%m/%Y}"' in page
    assert (ticked(page, "participant_took_part"), ticked(page, "facilitator_took_part"),
            ticked(page, "referrer_took_part")) == (True, True, False)
    assert '<option value="achieved" selected>' in page and 'value="Vient chaque juedi"' in page
    assert re.search(r'name="rating-going_out" value="3"\s+aria-label="[^"]*" checked', page)
    assert re.search(r'name="rating-health" value="2"\s+aria-label="[^"]*" checked', page)
    assert re.search(r'name="rating-confidence" value=""\s+aria-label="[^"]*" checked', page)
    assert "Rencontrer la CIP" in page
    assert "Enregistrer les corrections" in page and "Enregistrer le bilan" not in page
    assert 'name="kind"' not in page  # a corrected review keeps its kind


def test_a_correction_is_saved_and_shown_on_the_contract_page(world, mid_term, login_as, db, today):
    client = login_as(world.facilitator)
    before = counts(db)
    response = client.post(correct_url(world.contract), data=corrected(world, today))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contract/details/?id={world.contract.id}")
    objective = world.contract.objectives[0]
    assert recorded(db, mid_term.id) == (
        today - dt.timedelta(days=29), True, True, True, "Rencontrer la CIP en avril",
        [(objective.id, ObjectiveStatus.IN_PROGRESS, "Vient chaque jeudi")], {LifeArea.GOING_OUT: 2},
        [ObjectiveStatus.IN_PROGRESS])
    assert counts(db) == (before[0], before[1], before[2] - 1)  # the health answer is gone
    assert db.get(ContractReview, mid_term.id).written_by_id == world.facilitator.id

    page = text(client.get(response.headers["Location"]))
    assert f"Bilan à mi-parcours du {today - dt.timedelta(days=29):%d/%m/%Y} corrigé." in page
    bilans = page[page.index('id="bilans"'):page.index('id="sortie"')]
    assert "Vient chaque jeudi" in bilans and ">En cours</span>" in bilans and "juedi" not in bilans
    assert "Sortir de chez moi : <strong>2</strong>" in bilans and "Ma santé" not in bilans


def test_an_admin_corrects_a_review_too(world, mid_term, login_as, db, today):
    response = login_as(world.admin).post(correct_url(world.contract), data=corrected(world, today))
    assert response.status_code == 302
    assert recorded(db, mid_term.id)[0] == today - dt.timedelta(days=29)


# --- refusals -------------------------------------------------------------------------------------

def test_a_date_outside_the_contract_is_refused_next_to_the_date(world, mid_term, login_as, db, today):
    page = refused(login_as(world.facilitator), db, mid_term,
                   corrected(world, today, held_on=(world.contract.starts_on - dt.timedelta(days=1)).isoformat()),
                   "Le bilan doit avoir lieu pendant le contrat")
    assert "pendant le contrat" in page[page.index('id="held_on"'):][:1200]


def test_a_date_in_the_future_is_refused(world, mid_term, login_as, db, today):
    page = refused(login_as(world.facilitator), db, mid_term,
                   corrected(world, today, held_on=(today + dt.timedelta(days=1)).isoformat()),
                   "ne peut pas être dans le futur")
    assert "dans le futur" in page[page.index('id="held_on"'):][:1200]


def test_an_objective_of_another_contract_is_refused(world, other_world, mid_term, login_as, db, today):
    foreign = other_world.contract.objectives[0]
    page = refused(login_as(world.facilitator), db, mid_term,
                   corrected(world, today, **{f"status-{foreign.id}": "achieved"}),
                   "Cet objectif n'appartient pas à ce contrat.")
    assert "n'appartient pas" in page[page.index('id="positions"'):page.index('id="self-ratings"')]
    db.expire_all()
    assert db.get(Objective, foreign.id).status is ObjectiveStatus.OPEN


def test_a_bad_status_is_refused_above_the_objectives(world, mid_term, login_as, db, today):
    objective = world.contract.objectives[0]
    page = refused(login_as(world.facilitator), db, mid_term,
                   corrected(world, today, **{f"status-{objective.id}": "finished"}),
                   "Indiquez où en est chaque objectif")
    assert "Indiquez où en est" in page[page.index('id="positions"'):page.index('id="self-ratings"')]


def test_a_rating_of_7_is_refused_and_the_form_keeps_what_was_typed(world, mid_term, login_as, db, today):
    objective = world.contract.objectives[0]
    page = refused(login_as(world.facilitator), db, mid_term, corrected(world, today, **{"rating-health": "7"}),
                   "« Ma santé » : la réponse va de 1 à 4.")
    assert "la réponse va de 1 à 4" in page[page.index('id="self-ratings"'):]
    assert '<option value="in_progress" selected>' in page and 'value="Vient chaque jeudi"' in page
    assert re.search(r'name="rating-going_out" value="2"\s+aria-label="[^"]*" checked', page)
    assert f"Corriger le bilan à mi-parcours du {today - dt.timedelta(days=30):%d/%m/%Y}" in page
    assert objective.wording in page


def test_an_empty_date_is_refused(world, mid_term, login_as, db, today):
    refused(login_as(world.facilitator), db, mid_term, corrected(world, today, held_on=""), "Indiquez une date.")


# --- access ---------------------------------------------------------------------------------------

def test_a_referrer_reads_the_review_but_may_not_correct_it(world, mid_term, login_as, db, today):
    client = login_as(world.referrer)
    before = recorded(db, mid_term.id)
    assert client.get(correct_url(world.contract)).status_code == 403
    assert client.post(correct_url(world.contract), data=corrected(world, today)).status_code == 403
    assert recorded(db, mid_term.id) == before
    bilans = contract_page(client, world.contract)
    assert "Bilan à mi-parcours</strong>" in bilans and "Corriger" not in bilans


def test_another_groups_facilitator_does_not_find_the_review(world, other_world, mid_term, login_as, db, today):
    client = login_as(other_world.facilitator)
    before = recorded(db, mid_term.id)
    assert client.get(correct_url(world.contract)).status_code == 404
    assert client.post(correct_url(world.contract), data=corrected(world, today)).status_code == 404
    assert recorded(db, mid_term.id) == before


@pytest.mark.parametrize("kind", ["final", "annual"])
def test_a_review_not_recorded_or_of_no_kind_is_not_found(world, mid_term, login_as, kind):
    assert login_as(world.facilitator).get(correct_url(world.contract, kind)).status_code == 404


# --- the audit trail and the objectives -----------------------------------------------------------

def test_the_audit_trail_records_each_row_the_correction_changes(world, mid_term, login_as, db, today):
    client = login_as(world.facilitator)
    db.expire_all()
    since = db.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)) or 0
    data = corrected(world, today, **{"rating-confidence": "4"})
    assert client.post(correct_url(world.contract), data=data).status_code == 302
    entries = db.scalars(select(AuditEntry).where(AuditEntry.id > since)).all()
    by_row = {(e.table_name, e.action): e for e in entries}
    assert {e.actor_id for e in entries} == {world.facilitator.id}
    review = by_row[("contract_review", AuditAction.UPDATE)]
    assert review.record_id == str(mid_term.id)
    assert set(review.changes) >= {"held_on", "referrer_took_part", "next_steps"}
    position = by_row[("objective_position", AuditAction.UPDATE)].changes
    assert set(position) == {"status", "comment"} and "Vient chaque juedi" in position["comment"]
    assert by_row[("self_rating", AuditAction.UPDATE)].changes["rating"][1] == "2"  # going out: 3 → 2
    assert "self_rating" in {e.table_name for e in entries if e.action is AuditAction.DELETE}  # health
    assert "self_rating" in {e.table_name for e in entries if e.action is AuditAction.CREATE}  # confidence
    assert ("objective", AuditAction.UPDATE) in by_row  # achieved → in progress


def test_a_corrected_mid_term_review_leaves_what_the_final_review_set(world, mid_term, login_as, db, today):
    objective = world.contract.objectives[0]
    record_review(db, world.contract, kind=ReviewKind.FINAL, held_on=today - dt.timedelta(days=2),
                  positions=[PositionDraft(objective.id, ObjectiveStatus.DROPPED, "Plus venue depuis mars")])
    client = login_as(world.facilitator)
    response = client.post(correct_url(world.contract), data=corrected(world, today), follow_redirects=True)
    page = text(response)
    assert "corrigé. Les objectifs notés au bilan final gardent la position qu'il leur a donnée." in page
    db.expire_all()
    assert db.get(Objective, objective.id).status is ObjectiveStatus.DROPPED
    assert recorded(db, mid_term.id)[5] == [(objective.id, ObjectiveStatus.IN_PROGRESS, "Vient chaque jeudi")]


# --- links to the correction ----------------------------------------------------------------------

def test_each_review_on_the_contract_page_links_to_its_correction(world, mid_term, login_as, db, today):
    record_review(db, world.contract, kind=ReviewKind.FINAL, held_on=today - dt.timedelta(days=2))
    bilans = contract_page(login_as(world.facilitator), world.contract)
    assert f'href="{correct_url(world.contract)}"' in bilans
    assert f'href="{correct_url(world.contract, "final")}"' in bilans


def test_the_notices_and_the_refusal_of_a_second_review_link_to_the_correction(world, mid_term, login_as, db, today):
    client = login_as(world.facilitator)
    link = f'href="{correct_url(world.contract)}"'
    notice = text(client.get(review_url(world.contract, "mid_term")))
    assert "a déjà été fait le" in notice and link in notice[notice.index("a déjà été fait le"):][:600]
    page = text(client.post(review_url(world.contract), data=good_review(world.contract, today)))
    kind_group = page[page.index('id="kind"'):][:1500]
    assert "Ce contrat a déjà un bilan à mi-parcours" in kind_group and "corrigez-le plutôt" in kind_group
    assert link in kind_group
    record_review(db, world.contract, kind=ReviewKind.FINAL, held_on=today - dt.timedelta(days=2))
    both = text(login_as(world.facilitator).get(review_url(world.contract)))
    done = both[both.index("Les deux bilans de ce contrat sont faits"):][:800]
    assert link in done and f'href="{correct_url(world.contract, "final")}"' in done
