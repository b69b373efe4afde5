"""The evaluation of the action (strengths, weaknesses, new strategies…), written beside the period's
figures: good and bad input, one per group and period, scoped like the report."""

from __future__ import annotations

import datetime as dt
import html as html_lib

import pytest
from sqlalchemy import func, select

from shared.evaluation.models import ActionReview
from shared.evaluation.operations import write_action_review
from shared.staff.models import Role

D = dt.date
YEAR = {"period_from": "2025-01-01", "period_to": "2025-12-31"}
TEXTS = {"strengths": "Régularité des séances", "weaknesses": "Peu d'hommes", "new_strategies": "Sorties le samedi",
         "social_ties": "Deux participantes se voient hors du groupe", "valuing_people": "Repas de quartier"}


@pytest.fixture
def world(make, db, today):
    g, h = make.group(name="ID'MIX Tilleuls"), make.group(name="ID'MIX Gare")
    sophie = make.facilitator(g)
    person = make.participant(g, referred_on=D(2025, 2, 3))
    for day in (D(2025, 3, 13), D(2025, 3, 27)):
        make.attendance(make.session(g, day), person)
    return dict(g=g, h=h, sophie=sophie, admin=make.staff(Role.ADMIN), referrer=make.referrer(),
                h_review=write_action_review(db, group=h, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
                                             strengths="Secret de H"))


def page(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def reviews_of(db, group) -> list[ActionReview]:
    db.expire_all()
    return db.scalars(select(ActionReview).where(ActionReview.group_id == group.id)).all()


def test_a_facilitator_writes_the_evaluation_beside_the_figures(world, db, login_as):
    client = login_as(world["sophie"])
    form = page(client.get("/report/reviews/new", query_string={"group": world["g"].id, "from": "2025-01-01",
                                                                 "to": "2025-12-31"}))
    assert "Les chiffres de la période" in form
    assert "Séances tenues" in form and "Points forts de l'action" in form and "Nouvelles stratégies" in form
    response = client.post("/report/reviews/new", data={"group": world["g"].id, **YEAR, **TEXTS})
    assert response.status_code == 302
    [review] = reviews_of(db, world["g"])
    assert (review.period_from, review.period_to) == (D(2025, 1, 1), D(2025, 12, 31))
    assert (review.strengths, review.new_strategies, review.written_by_id) == (
        "Régularité des séances", "Sorties le samedi", world["sophie"].id)
    edit = page(client.get(response.headers["Location"]))
    assert "Évaluation de l'action enregistrée." in edit and "Peu d'hommes" in edit


def test_the_figures_beside_are_those_of_the_group_and_period(world, login_as):
    html = page(login_as(world["sophie"]).get("/report/reviews/new", query_string={
        "group": world["g"].id, "from": "2025-03-01", "to": "2025-03-20"}))
    figures = html.split('id="figures-beside"')[1].split("</dl>")[0]
    assert "Séances tenues</dt><dd class=\"col-5 text-right font-weight-bold mb-1\">1<" in figures


def test_the_report_page_links_to_the_evaluation_and_shows_it(world, db, login_as):
    client = login_as(world["sophie"])
    args = {"group": world["g"].id, "from": "2025-01-01", "to": "2025-12-31"}
    html = page(client.get("/report/", query_string=args))
    assert "Écrire l'évaluation de l'action" in html and "/report/reviews/new?" in html
    write_action_review(db, group=world["g"], period_from=D(2025, 1, 1), period_to=D(2025, 12, 31), **TEXTS)
    html = page(client.get("/report/", query_string=args))
    assert "Régularité des séances" in html and "Modifier l'évaluation" in html


def test_a_second_evaluation_for_the_same_period_is_refused_with_a_link_to_the_first(world, db, login_as):
    first = write_action_review(db, group=world["g"], period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
                                strengths="Déjà écrit")
    client = login_as(world["sophie"])
    html = page(client.post("/report/reviews/new", data={"group": world["g"].id, **YEAR, **TEXTS}))
    assert "déjà une évaluation du 01/01/2025 au 31/12/2025" in html
    assert f'href="/report/reviews/{first.id}"' in html
    assert len(reviews_of(db, world["g"])) == 1
    # Asked for again from the report: the existing one opens.
    response = client.get("/report/reviews/new", query_string={"group": world["g"].id, "from": "2025-01-01",
                                                                 "to": "2025-12-31"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/report/reviews/{first.id}")


@pytest.mark.parametrize("data, message", [
    ({"period_from": "2025-06-01", "period_to": "2025-05-01"}, "doit être après son début"),
    ({"period_from": "2025-06-01", "period_to": "2025-06-01"}, "doit être après son début"),
    ({"period_from": "le 1er juin", "period_to": "2025-12-31"}, "Date non valide\u00a0: écrivez-la JJ/MM/AAAA"),
    ({"period_from": "", "period_to": "2025-12-31"}, "Indiquez une date."),
    ({"strengths": "x" * 8001}, "8000 caractères au plus."),
])
def test_bad_input_is_explained_in_french_and_nothing_is_saved(world, db, login_as, data, message):
    client = login_as(world["sophie"])
    response = client.post("/report/reviews/new", data={"group": world["g"].id, **YEAR, **TEXTS, **data},
                           headers={"Accept-Language": "fr"})
    assert response.status_code == 200
    html = page(response)
    assert message in html
    assert "Peu d'hommes" in html  # what was typed is kept
    assert reviews_of(db, world["g"]) == []


def test_a_facilitator_may_not_write_for_another_group(world, db, login_as):
    client = login_as(world["sophie"])
    html = page(client.post("/report/reviews/new", data={"group": world["h"].id, "period_from": "2024-01-01",
                                                          "period_to": "2024-12-31", **TEXTS}))
    assert "ID'MIX Gare" not in html
    assert len(reviews_of(db, world["h"])) == 1


def test_preview_updates_the_figures_and_saves_nothing(world, db, login_as):
    html = page(login_as(world["sophie"]).post("/report/reviews/new", data={
        "group": world["g"].id, **YEAR, **TEXTS, "preview": "1"}))
    assert "Les chiffres de la période" in html and "Régularité des séances" in html
    assert reviews_of(db, world["g"]) == []


def test_editing_changes_the_texts(world, db, login_as):
    review = write_action_review(db, group=world["g"], period_from=D(2025, 1, 1), period_to=D(2025, 12, 31),
                                 strengths="Avant")
    client = login_as(world["sophie"])
    assert "Avant" in page(client.get(f"/report/reviews/{review.id}"))
    response = client.post(f"/report/reviews/{review.id}", data={**TEXTS, "strengths": "  Après  ", "weaknesses": ""})
    assert response.status_code == 302
    db.expire_all()
    saved = db.get(ActionReview, review.id)
    assert (saved.strengths, saved.weaknesses) == ("Après", None)
    too_long = client.post(f"/report/reviews/{review.id}", data={"strengths": "y" * 8001})
    assert too_long.status_code == 200 and "8000 caractères au plus." in page(too_long)
    db.expire_all()
    assert db.get(ActionReview, review.id).strengths == "Après"


def test_another_groups_evaluation_is_not_found(world, db, login_as):
    client = login_as(world["sophie"])
    url = f"/report/reviews/{world['h_review'].id}"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"strengths": "Piraté"}).status_code == 404
    assert client.get("/report/reviews/999999").status_code == 404
    db.expire_all()
    assert db.get(ActionReview, world["h_review"].id).strengths == "Secret de H"


def test_the_list_shows_only_the_evaluations_one_may_read(world, db, login_as):
    write_action_review(db, group=world["g"], period_from=D(2025, 1, 1), period_to=D(2025, 12, 31), **TEXTS)
    sophies = page(login_as(world["sophie"]).get("/report/reviews/"))
    assert "ID'MIX Tilleuls" in sophies and "ID'MIX Gare" not in sophies
    assert "Points forts de l'action, Points faibles et difficultés" in sophies
    admins = page(login_as(world["admin"]).get("/report/reviews/"))
    assert "ID'MIX Tilleuls" in admins and "ID'MIX Gare" in admins


def test_a_referrer_may_not_read_or_write_evaluations(world, db, login_as):
    client = login_as(world["referrer"])
    assert client.get("/report/reviews/").status_code == 403
    assert client.get(f"/report/reviews/{world['h_review'].id}").status_code == 403
    assert client.post("/report/reviews/new", data={"group": world["h"].id, **YEAR}).status_code == 403
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(ActionReview)) == 1


def test_an_evaluation_with_every_section_empty_is_refused(world, db, login_as):
    client = login_as(world["sophie"])
    blank = {name: "  " for name in TEXTS}
    html = page(client.post("/report/reviews/new", data={"group": world["g"].id, **YEAR, **blank}))
    assert "Une évaluation vide n'est pas enregistrée : écrivez au moins une rubrique" in html
    assert reviews_of(db, world["g"]) == []


def test_an_evaluation_is_not_emptied_by_an_edit(world, db, login_as):
    client = login_as(world["admin"])
    review = world["h_review"]
    html = page(client.post(f"/report/reviews/{review.id}", data={name: "" for name in TEXTS}))
    assert "Une évaluation vide n'est pas enregistrée" in html
    db.expire_all()
    assert db.get(ActionReview, review.id).strengths == "Secret de H"
