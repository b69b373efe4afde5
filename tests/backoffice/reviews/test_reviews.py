"""Contract reviews from the contract page: the form, its refusals, the Bilans list and the person's chart."""

import datetime as dt
import html
import re

import pytest
from sqlalchemy import func, select

from shared.contracts.models import Objective, ObjectiveStatus
from shared.reviews.models import ContractReview, LifeArea, ObjectivePosition, ReviewKind, SelfRating
from shared.reviews.operations import record_review
from shared.reviews.rules import PositionDraft, proposed_review_dates
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401
from tests.statements import counting_queries


def text(page) -> str:
    return html.unescape(page.get_data(as_text=True))


def review_url(contract, kind=None):
    return f"/actions/review/{contract.id}" + (f"?kind={kind}" if kind else "")


def counts(db) -> tuple[int, ...]:
    db.expire_all()
    return tuple(db.scalar(select(func.count()).select_from(model))
                 for model in (ContractReview, ObjectivePosition, SelfRating))


def good_review(contract, today, **overrides):
    objective = contract.objectives[0]
    data = {
        "kind": "mid_term", "held_on": (today - dt.timedelta(days=5)).isoformat(),
        "participant_took_part": "y", "facilitator_took_part": "y",
        f"status-{objective.id}": "achieved", f"comment-{objective.id}": "Vient chaque jeudi",
        "rating-going_out": "3", "rating-meeting_people": "2", "rating-health": "",
        "next_steps": "Rencontrer la CIP en avril",
    }
    return data | overrides


def refused(client, db, url, data, message):
    """The page answers 200 with ``message`` and nothing of the review is saved."""
    before = counts(db)
    response = client.post(url, data=data)
    page = text(response)
    assert response.status_code == 200, page[:500]
    assert message in page, page[page.find("alert"):][:1500]
    assert "Rien n'a été enregistré" in page
    assert counts(db) == before
    return page


# --- the form -------------------------------------------------------------------------------------

def test_the_form_proposes_the_date_lists_the_objectives_and_the_life_areas(world, login_as, today):
    page = text(login_as(world.facilitator).get(review_url(world.contract, "mid_term")))
    proposed = proposed_review_dates(world.contract).mid_term
    assert f'value="{proposed:%d/%m/%Y}"' in page
    assert f"Date proposée : {proposed:%d/%m/%Y} (au milieu du contrat)" in page
    assert "Sortir de chez moi une fois par semaine" in page
    for status in ObjectiveStatus:
        assert f">{status.label}</option>" in page
    for area in LifeArea:
        assert area.label in page
    assert "Pas du tout" in page and "Tout à fait" in page and "Pas demandé" in page


def test_a_final_review_proposed_after_today_is_pre_filled_with_today(world, make, login_as, today):
    contract = make.contract(make.participant(world.group, referrer=world.referrer), facilitator=world.facilitator,
                             starts_on=today - dt.timedelta(days=10))
    page = text(login_as(world.facilitator).get(review_url(contract, "final")))
    assert f'value="{today:%d/%m/%Y}"' in page
    assert f"Date proposée : {proposed_review_dates(contract).final:%d/%m/%Y}" in page


def test_a_review_is_recorded_and_shown_on_the_contract_page(world, login_as, db, today):
    client = login_as(world.facilitator)
    response = client.post(review_url(world.contract), data=good_review(world.contract, today))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/contract/details/?id={world.contract.id}")
    db.expire_all()
    review = db.scalar(select(ContractReview).where(ContractReview.contract_id == world.contract.id))
    assert (review.kind, review.held_on) == (ReviewKind.MID_TERM, today - dt.timedelta(days=5))
    assert (review.participant_took_part, review.facilitator_took_part, review.referrer_took_part) == (
        True, True, False)
    assert [(p.status, p.comment) for p in review.positions] == [(ObjectiveStatus.ACHIEVED, "Vient chaque jeudi")]
    assert {r.area: r.rating for r in review.self_ratings} == {LifeArea.GOING_OUT: 3, LifeArea.MEETING_PEOPLE: 2}
    assert review.written_by_id == world.facilitator.id
    assert db.get(Objective, world.contract.objectives[0].id).status is ObjectiveStatus.ACHIEVED

    page = text(client.get(response.headers["Location"]))
    bilans = page[page.index('id="bilans"'):page.index('id="sortie"')]
    assert f"Bilan à mi-parcours</strong> du {today - dt.timedelta(days=5):%d/%m/%Y}" in bilans
    assert "la personne, l'animateur(trice)" in bilans
    assert "Vient chaque jeudi" in bilans and ">Atteint</span>" in bilans
    assert "Sortir de chez moi : <strong>3</strong> – Plutôt bien" in bilans
    assert "Rencontrer la CIP en avril" in bilans
    # The mid-term review is done: only the final one is offered now.
    assert "Faire le bilan à mi-parcours" not in bilans and "Faire le bilan final" in bilans


def test_a_review_without_date_is_refused(world, login_as, db, today):
    refused(login_as(world.facilitator), db, review_url(world.contract),
            good_review(world.contract, today, held_on=""), "Indiquez une date.")


@pytest.mark.parametrize("kind, days", [("mid_term", 40), ("final", 600)])
def test_a_review_outside_the_contract_is_refused_next_to_the_date(world, login_as, db, today, kind, days):
    world.contract.ends_on = today - dt.timedelta(days=60)
    db.flush()
    page = refused(login_as(world.facilitator), db, review_url(world.contract),
                   good_review(world.contract, today, kind=kind, held_on=(today - dt.timedelta(days=days)).isoformat()),
                   "Le bilan doit avoir lieu pendant le contrat")
    date_group = page[page.index('id="held_on"'):]
    assert "pendant le contrat" in date_group[:1200]  # next to the date field
    db.expire_all()
    assert db.get(Objective, world.contract.objectives[0].id).status is ObjectiveStatus.OPEN


def test_a_review_in_the_future_is_refused(world, login_as, db, today):
    refused(login_as(world.facilitator), db, review_url(world.contract),
            good_review(world.contract, today, held_on=(today + dt.timedelta(days=1)).isoformat()),
            "ne peut pas être dans le futur")


def test_an_objective_of_another_contract_in_the_post_is_refused(world, other_world, login_as, db, today):
    foreign = other_world.contract.objectives[0]
    page = refused(login_as(world.facilitator), db, review_url(world.contract),
                   good_review(world.contract, today, **{f"status-{foreign.id}": "achieved"}),
                   "Cet objectif n'appartient pas à ce contrat.")
    assert foreign.wording not in page.replace(world.contract.objectives[0].wording, "")
    db.expire_all()
    assert db.get(Objective, foreign.id).status is ObjectiveStatus.OPEN


@pytest.mark.parametrize("extra, message", [
    ({"status-abc": "achieved"}, "Une ligne des objectifs n'est pas valide"),
    ({"status-{id}": "finished"}, "Indiquez où en est chaque objectif"),
    ({"comment-{id}": "x" * 301}, "au plus 300 caractères"),
])
def test_a_bad_objective_row_is_refused_above_the_objectives(world, login_as, db, today, extra, message):
    objective_id = world.contract.objectives[0].id
    data = good_review(world.contract, today, **{k.format(id=objective_id): v for k, v in extra.items()})
    page = refused(login_as(world.facilitator), db, review_url(world.contract), data, message)
    assert message in page[page.index('id="positions"'):page.index('id="self-ratings"')]


@pytest.mark.parametrize("extra, message", [
    ({"rating-health": "5"}, "« Ma santé » : la réponse va de 1 à 4."),
    ({"rating-health": "0"}, "« Ma santé » : la réponse va de 1 à 4."),
    ({"rating-health": "beaucoup"}, "« Ma santé » : la réponse va de 1 à 4."),
    ({"rating-sommeil": "3"}, "« sommeil » n'est pas un des domaines"),
])
def test_a_self_rating_out_of_range_or_on_an_unknown_area_is_refused(world, login_as, db, today, extra, message):
    page = refused(login_as(world.facilitator), db, review_url(world.contract),
                   good_review(world.contract, today, **extra), message)
    assert message in page[page.index('id="self-ratings"'):]


def test_after_a_refusal_the_form_keeps_what_was_typed(world, login_as, db, today):
    objective = world.contract.objectives[0]
    page = refused(login_as(world.facilitator), db, review_url(world.contract),
                   good_review(world.contract, today, **{"rating-health": "9", f"status-{objective.id}": "dropped"}),
                   "la réponse va de 1 à 4")
    assert re.search(r'name="rating-going_out" value="3"\s+aria-label="[^"]*" checked', page)
    assert '<option value="dropped" selected>' in page
    assert 'value="Vient chaque jeudi"' in page and "Rencontrer la CIP en avril" in page


def test_a_second_mid_term_review_is_refused_next_to_the_kind(world, login_as, db, today):
    record_review(db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30))
    client = login_as(world.facilitator)
    assert "a déjà été fait le" in text(client.get(review_url(world.contract, "mid_term")))
    page = refused(client, db, review_url(world.contract), good_review(world.contract, today),
                   "Ce contrat a déjà un bilan à mi-parcours")
    assert "déjà un bilan" in page[page.index('id="kind"'):][:800]


def test_an_unknown_kind_is_refused(world, login_as, db, today):
    refused(login_as(world.facilitator), db, review_url(world.contract),
            good_review(world.contract, today, kind="annual"), "Choisissez le type de bilan")


def test_when_both_reviews_are_done_no_form_is_offered(world, login_as, db, today):
    record_review(db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30))
    record_review(db, world.contract, kind=ReviewKind.FINAL, held_on=today - dt.timedelta(days=1))
    page = text(login_as(world.facilitator).get(review_url(world.contract)))
    assert "Les deux bilans de ce contrat sont faits" in page and "Enregistrer le bilan" not in page


def test_an_unsigned_contract_cannot_be_reviewed(world, make, login_as, db, today):
    draft = make.contract(make.participant(world.group, referrer=world.referrer), facilitator=world.facilitator,
                          signed=False, starts_on=today - dt.timedelta(days=20))
    client = login_as(world.facilitator)
    page = text(client.get(review_url(draft)))
    assert "pas encore signé par les trois parties" in page and "Enregistrer le bilan" not in page
    contract_page = text(client.get(f"/contract/details/?id={draft.id}"))
    assert "Faire le bilan" not in contract_page
    before = counts(db)
    response = client.post(review_url(draft), data=good_review(draft, today))
    assert response.status_code == 200 and "pas encore signé" in text(response)
    assert counts(db) == before


# --- access ---------------------------------------------------------------------------------------

def test_another_groups_contract_is_not_found(world, other_world, login_as, db, today):
    client = login_as(world.facilitator)
    before = counts(db)
    assert client.get(review_url(other_world.contract)).status_code == 404
    assert client.post(review_url(other_world.contract), data=good_review(other_world.contract, today)
                       ).status_code == 404
    assert client.post(review_url(type("C", (), {"id": 999999})()),
                       data=good_review(world.contract, today)).status_code == 404
    assert counts(db) == before


def test_a_referrer_reads_reviews_but_does_not_write_them(world, other_world, login_as, db, today):
    record_review(db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30))
    client = login_as(world.referrer)
    assert client.get(review_url(world.contract)).status_code == 403
    assert client.post(review_url(world.contract), data=good_review(world.contract, today)).status_code == 403
    page = text(client.get(f"/contract/details/?id={world.contract.id}"))
    assert "Bilan à mi-parcours</strong>" in page and "Faire le bilan final" not in page


def test_the_bilans_list_shows_only_reviews_of_contracts_one_may_see(world, other_world, login_as, db, today):
    ours = record_review(db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30))
    theirs = record_review(db, other_world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=3))
    for staff in (world.facilitator, world.referrer):
        client = login_as(staff)
        page = text(client.get("/review/"))
        assert "Fatima Benali" in page and "Jean Durand" not in page
        assert client.get(f"/review/details/?id={ours.id}").status_code == 200
        assert client.get(f"/review/details/?id={theirs.id}").status_code == 404
    admin_page = text(login_as(world.admin).get("/review/"))
    assert "Fatima Benali" in admin_page and "Jean Durand" in admin_page


def test_reviews_are_not_created_or_edited_from_the_list(world, login_as, db, today):
    objective = world.contract.objectives[0]
    review = record_review(db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30),
                           positions=[PositionDraft(objective.id, ObjectiveStatus.IN_PROGRESS, "Deux fois sur trois")])
    client = login_as(world.facilitator)
    assert client.get("/review/new/").status_code == 403
    assert client.get(f"/review/edit/?id={review.id}").status_code == 403
    details = text(client.get(f"/review/details/?id={review.id}"))
    assert "Sortir de chez moi une fois par semaine : <strong>En cours</strong>" in details
    assert "Deux fois sur trois" in details


def test_the_bilans_list_issues_the_same_queries_for_few_and_many_reviews(make, db, login_as, today):
    from shared.staff.models import Role

    def populate(n):
        group = make.group()
        facilitator = make.facilitator(group)
        for _ in range(n):
            contract = make.contract(make.participant(group), facilitator=facilitator,
                                     starts_on=today - dt.timedelta(days=100), objectives=("A", "B"))
            record_review(db, contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=3),
                          self_ratings={LifeArea.HEALTH: 2})
    found = []
    for n in (3, 40):
        populate(n)
        client = login_as(make.staff(Role.ADMIN))
        client.get("/review/?page_size=50")
        with counting_queries() as statements:
            assert client.get("/review/?page_size=50").status_code == 200
        found.append(len(statements))
    assert found[0] == found[1], found


# --- the person's page ----------------------------------------------------------------------------

def test_the_persons_page_charts_their_self_ratings_with_the_same_figures_in_a_table(world, make, login_as, db, today):
    first = world.contract
    record_review(db, first, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=200),
                  self_ratings={LifeArea.GOING_OUT: 1, LifeArea.HEALTH: 2})
    record_review(db, first, kind=ReviewKind.FINAL, held_on=today - dt.timedelta(days=10),
                  self_ratings={LifeArea.GOING_OUT: 3})
    page = text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}"))
    section = page[page.index('id="auto-evaluation"'):]
    table = section[section.index("<table"):section.index("</table>")]
    mid, final = (today - dt.timedelta(days=200)), (today - dt.timedelta(days=10))
    assert f"{mid:%d/%m/%Y} (mi-parcours)" in table and f"{final:%d/%m/%Y} (final)" in table
    cells = lambda label: re.findall(r"<td>(\d?)</td>", table[table.index(label):].split("</tr>")[0])  # noqa: E731
    assert cells("Sortir de chez moi") == ["1", "3"]
    assert cells("Ma santé") == ["2", ""]
    assert "Rencontrer des gens" not in table  # never rated: no empty line
    svg = section[section.index("<svg"):section.index("</svg>")]
    assert "Sortir de chez moi" in svg and "Ma santé" in svg and "Rencontrer des gens" not in svg
    assert f"{mid:%d/%m/%Y} (mi-parcours)" in svg and f"{final:%d/%m/%Y} (final)" in svg  # one series per review
    plotted = [re.findall(r'<desc class="value">([^<]*)</desc>', part)
               for part in svg.split('<g class="series serie-')[1:]]
    # Bars per review, areas drawn bottom-up (Ma santé, then Sortir de chez moi); no bar where not asked.
    assert sorted(values for values in plotted if values) == [["2", "1"], ["3"]]
    assert "<script" not in svg


def test_the_persons_page_says_so_when_there_is_no_review_yet(world, login_as):
    page = text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}"))
    section = page[page.index('id="auto-evaluation"'):]
    assert "Pas encore de bilan avec l'avis de la personne" in section and "<svg" not in section


def test_a_referrer_opening_another_persons_page_gets_nothing(world, other_world, login_as):
    client = login_as(world.referrer)
    assert client.get(f"/participant/details/?id={world.participant.id}").status_code == 200
    assert client.get(f"/participant/details/?id={other_world.participant.id}").status_code == 404


def test_a_facilitator_deletes_a_wrong_review_to_record_it_again_and_a_referrer_may_not(world, login_as, db, today):
    review = record_review(db, world.contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=30))
    assert login_as(world.referrer).post("/review/delete/", data={"id": str(review.id)}).status_code == 403
    assert counts(db)[0] == 1
    client = login_as(world.facilitator)
    assert client.post("/review/delete/", data={"id": str(review.id)}).status_code == 302
    assert counts(db)[0] == 0
    assert client.post(review_url(world.contract), data=good_review(world.contract, today)).status_code == 302
    assert counts(db)[0] == 1


def test_a_wrong_review_goes_with_its_positions_and_self_ratings_each_in_the_audit_trail(world, login_as, db, today):
    from shared.audit.models import AuditAction, AuditEntry

    client = login_as(world.facilitator)
    assert client.post(review_url(world.contract), data=good_review(world.contract, today)).status_code == 302
    db.expire_all()
    review = db.scalars(select(ContractReview)).one()
    assert client.post("/review/delete/", data={"id": str(review.id)}).status_code == 302
    assert counts(db) == (0, 0, 0)
    deleted = db.scalars(select(AuditEntry.table_name).where(AuditEntry.action == AuditAction.DELETE)).all()
    assert sorted(deleted) == ["contract_review", "objective_position", "self_rating", "self_rating"]


def test_next_steps_longer_than_a_paragraph_are_refused(world, login_as, db, today):
    refused(login_as(world.facilitator), db, review_url(world.contract),
            good_review(world.contract, today, next_steps="x" * 4001), "4 000 caractères au plus")
