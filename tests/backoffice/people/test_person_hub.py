"""The person's page is the hub of their file: a timeline of their path (referral, trial sessions,
attendances, contracts, reviews, signed opinions, exit) and buttons for the next step. The contract
form it leads to preselects the person, the signed-in facilitator and the person's referrer, and only
offers referring social workers as referrer."""

from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest

from shared import clock
from shared.exits.models import Exit, ExitDestination
from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.reviews.models import ContractReview, ReviewKind
from shared.sessions.models import AttendanceStatus
from tests.backoffice.select2 import chosen
from tests.backoffice.world import build_world


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def hub(client, person) -> str:
    return page(client, f"/participant/details/?id={person.id}")


def timeline(text: str) -> list[tuple[str, str]]:
    section = text[text.index('id="parcours"'):text.index('id="fiche"')]
    rows = re.findall(r"<tr class=\"idmix-step-[^\"]*\">\s*<td>([^<]+)</td>\s*<td>(.*?)</td>", section, re.S)
    return [(day, re.sub("<[^>]+>", "", what).strip()) for day, what in rows]


def buttons(text: str) -> dict[str, str]:
    actions = re.search(r'class="idmix-hub-actions[^"]*">(.*?)</p>', text, re.S)
    return {label.strip(): url for url, label in re.findall(r'href="([^"]+)">([^<]+)</a>', actions[1])} if actions else {}


@pytest.fixture
def world(make, db):
    return build_world(make, db)


@pytest.fixture
def newcomer(world, make, db):
    today = clock.today()
    person = make.participant(world.group, referrer=world.referrer, first_name="Aïcha", last_name="Traoré",
                              referred_on=today - dt.timedelta(days=60))
    for days in (50, 36):
        session = make.session(world.group, held_on=today - dt.timedelta(days=days), title=f"Atelier J-{days}")
        make.attendance(session, person)
    return person


def test_a_newcomers_page_shows_referral_and_trials_and_offers_the_first_contract(world, login_as, newcomer):
    text = hub(login_as(world.facilitator), newcomer)
    steps = timeline(text)
    assert [what for _, what in steps] == ["Orientation", "Séance d'essai", "Séance d'essai"]
    assert buttons(text)["Créer le premier contrat"] == f"/contract/new/?participant={newcomer.id}"
    assert "Enregistrer la sortie" in buttons(text)


def test_the_first_contract_form_preselects_the_person_the_facilitator_and_the_referrer(world, login_as, newcomer):
    response = login_as(world.facilitator).get(f"/contract/new/?participant={newcomer.id}")
    assert chosen(response, "participant") == (newcomer.id, f"TRAORÉ Aïcha ({world.group.name})")
    form = html.unescape(response.get_data(as_text=True))
    assert re.search(rf'<option selected value="{world.facilitator.id}">', form)
    referrer = form[form.index('id="referrer"'):form.index("</select>", form.index('id="referrer"'))]
    assert re.search(rf'<option selected value="{world.referrer.id}">', referrer)


def test_the_contract_form_chooses_nobody_for_an_admin_and_offers_only_referring_social_workers(world, login_as):
    form = html.unescape(login_as(world.admin).get("/contract/new/").get_data(as_text=True))
    for field in ("facilitator", "referrer"):
        select = form[form.index(f'id="{field}"'):form.index("</select>", form.index(f'id="{field}"'))]
        assert '<option selected value="__None">— choisir —</option>' in select, field
    referrer = form[form.index('id="referrer"'):form.index("</select>", form.index('id="referrer"'))]
    assert world.referrer.full_name in referrer
    assert world.admin.full_name not in referrer and world.facilitator.full_name not in referrer


def test_the_timeline_runs_from_referral_to_exit_with_contract_review_and_signed_opinion(world, login_as, make, db,
                                                                                         newcomer):
    today = clock.today()
    contract = make.contract(newcomer, facilitator=world.facilitator, starts_on=today - dt.timedelta(days=30))
    session = make.session(world.group, held_on=today - dt.timedelta(days=14), title="Cuisine")
    make.attendance(session, newcomer, is_trial=False, status=AttendanceStatus.ABSENT)
    db.add_all([
        ContractReview(contract=contract, kind=ReviewKind.MID_TERM, held_on=today - dt.timedelta(days=10),
                       written_by=world.facilitator),
        Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.PERSONAL,
                 mood=Mood.GOOD, text="J'ai aimé cuisiner", participant_id=newcomer.id),
        Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.COLLECTIVE,
                 mood=Mood.BAD, text="Anonyme, pour le groupe"),
        Exit(participant=newcomer, contract=contract, left_on=today - dt.timedelta(days=1),
             destination=ExitDestination.TRAINING),
    ])
    db.flush()
    text = hub(login_as(world.facilitator), newcomer)
    what = [w for _, w in timeline(text)]
    assert what[:3] == ["Orientation", "Séance d'essai", "Séance d'essai"]
    assert f"Contrat n°{contract.id}" in what and "Séance : absent(e)" in what
    assert ReviewKind.MID_TERM.label in what and "Avis : bien" in what and what[-1] == "Sortie"
    assert "J'ai aimé cuisiner" in text and "Anonyme, pour le groupe" not in text
    assert buttons(text) == {}  # the person has left: a new referral brings them back


def test_a_signed_contract_offers_renewal_and_exit_plan(world, login_as):
    text = hub(login_as(world.facilitator), world.participant)
    actions = buttons(text)
    assert actions["Renouveler le contrat"] == f"/actions/renewal/{world.contract.id}"
    assert actions["Préparer la sortie"] == f"/actions/exit-plan/{world.contract.id}"


def test_a_draft_offers_its_signatures_and_a_referrer_gets_no_buttons(world, login_as, make, newcomer):
    draft = make.contract(newcomer, facilitator=world.facilitator, signed=False)
    assert buttons(hub(login_as(world.facilitator), newcomer)) == {
        f"Faire signer le contrat n°{draft.id}": f"/actions/signatures/{draft.id}",
        "Enregistrer la sortie": f"/exit/new/?participant={newcomer.id}"}
    text = hub(login_as(world.referrer), newcomer)
    assert buttons(text) == {} and "Orientation" in text
