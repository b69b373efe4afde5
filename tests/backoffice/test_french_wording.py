"""Issue 22 (13): French as a person reads it on the page and on paper: « d'ID'MIX », « au Centre
Médico-Social », 14h00, « 16 places (les mêmes personnes) », whole votes on the vote chart, « par e-mail »,
a phone as 06 35 94 18 63, and full names in a cancellation's list of people to call."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from shared import clock
from shared.decisions.ballots import cast_ballot
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from shared.messaging.models import Channel, MessageConsent
from shared.messaging.operations import record_consent
from shared.sessions.models import Session
from tests.backoffice.world import build_world
from tests.pages import text


def visible_text(page: str) -> str:
    """The page as read: no scripts or styles, tags gone (not turned into spaces), line breaks and runs of
    spaces read as one space."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", "", page))


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def test_a_cancellation_names_the_group_with_an_elided_de(world, make, db, login_as, today):
    world.group.name = "ID'MIX"
    session = make.session(world.group, held_on=today + dt.timedelta(days=2), cancelled=True,
                           cancel_reason="Salle indisponible")
    page = visible_text(text(login_as(world.facilitator).get(f"/actions/session-notice/{session.id}")))
    assert "La séance d'ID'MIX du" in page and "séance de ID'MIX" not in page
    assert "Séance d'ID'MIX du" in page


def test_the_cancellation_preview_lists_full_names(world, make, db, login_as, today):
    namesakes = [make.participant(world.group, first_name="Fin", last_name=last) for last in ("Tanguy", "Torres")]
    session = make.session(world.group, held_on=today + dt.timedelta(days=2), cancelled=True)
    page = text(login_as(world.facilitator).get(f"/actions/session-notice/{session.id}"))
    people = visible_text(page[page.index('id="notice-people"'):])
    assert "Fin Tanguy" in people and "Fin Torres" in people and "Fin T." not in people
    assert len(namesakes) == 2


def test_the_printed_contract_says_where_with_the_right_article(world, db, login_as):
    world.group.location = "Centre Médico-Social"
    page = visible_text(text(login_as(world.facilitator).get(f"/actions/print/contract/{world.contract.id}")))
    assert "au Centre Médico-Social." in page and "à Centre" not in page


def _time_values(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input[^>]*data-role="timepicker"[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))


def test_the_session_and_group_forms_show_times_as_14h00(world, login_as):
    client = login_as(world.admin)
    session = _time_values(text(client.get(f"/session/edit/?id={world.session.id}")))
    group = _time_values(text(client.get(f"/group/edit/?id={world.group.id}")))
    assert session["starts_at"] == world.session.starts_at.strftime("%Hh%M") and ":" not in session["starts_at"]
    assert group["meets_from"] == world.group.meets_from.strftime("%Hh%M")
    assert all(re.fullmatch(r"(\d\dh\d\d)?", value) for value in (session | group).values()), session | group


@pytest.mark.parametrize("typed, saved", [("14h30", dt.time(14, 30)), ("9h", dt.time(9, 0)), ("14 h 05", dt.time(14, 5)),
                                          ("14:30", dt.time(14, 30)), ("14:30:00", dt.time(14, 30))])
def test_a_session_time_is_typed_the_french_way(world, login_as, db, typed, saved):
    data = {"group": world.group.id, "held_on": "02/04/2026", "starts_at": typed, "ends_at": "23h00",
            "title": "Atelier cuisine", "place": "CMS", "capacity": "12"}
    response = login_as(world.facilitator).post("/session/new/", data=data)
    assert response.status_code == 302, text(response)[:1500]
    db.expire_all()
    created = db.scalars(select(Session).where(Session.group_id == world.group.id,
                                               Session.held_on == dt.date(2026, 4, 2))).one()
    assert created.starts_at == saved


@pytest.mark.parametrize("typed", ["25h00", "14h75", "midi", "14:30pm"])
def test_a_wrong_time_is_refused_in_french_under_its_field(world, login_as, db, typed):
    data = {"group": world.group.id, "held_on": "02/04/2026", "starts_at": typed, "ends_at": "17h00",
            "title": "Atelier cuisine", "place": "CMS", "capacity": "12"}
    response = login_as(world.facilitator).post("/session/new/", data=data)
    page = text(response)
    assert response.status_code == 200
    field = page[page.index('name="starts_at"'):page.index('name="ends_at"')]
    assert "Heure non valide\u00a0: écrivez-la comme 14h00" in field
    assert "Invalid time" not in page


def test_the_dashboard_separates_the_places_from_the_same_people(world, make, db, login_as, today):
    for days in (3, 10):
        make.session(world.group, held_on=today + dt.timedelta(days=days), capacity=16)
    page = visible_text(text(login_as(world.facilitator).get("/")))
    assert "places(" not in page
    assert re.search(r"places \(les mêmes personnes\)", page), page[page.find("Prochaines"):][:800]


def test_the_vote_chart_counts_whole_votes(world, make, db, login_as, today):
    people = [make.participant(world.group) for _ in range(3)]
    vote = open_vote(db, group=world.group, question="Où aller ?", opens_on=today, closes_on=today, actor=None,
                     choices=[ChoiceInput("Musée", "theme-sorties"), ChoiceInput("Parc", "theme-jardinage")])
    for person, choice in zip(people, (0, 0, 1)):
        cast_ballot(db, vote=vote, participant=person, choice=vote.choices[choice], today=today)
    close_vote(db, vote, actor=None)
    page = text(login_as(world.facilitator).get("/decisions/"))
    chart = page[page.index("<svg"):page.index("</svg>")]
    labels = re.findall(r'<g class="guides">.*?<text[^>]*>([^<]*)</text>', chart, re.S)
    axis = [label for label in labels if re.fullmatch(r"[\d\s,.]+", label)]
    assert axis and all(re.fullmatch(r"\d+", label) for label in axis), axis
    assert not re.search(r"<text[^>]*>\s*\d+[,.]\d+\s*</text>", chart)  # no 0,5 vote written anywhere


def test_a_consent_says_par_e_mail_and_shows_the_phone_as_people_read_it(world, make, db, login_as, today):
    person = world.participant
    record_consent(db, person, channel=Channel.SMS, address="06 35 94 18 63", given_on=today)
    db.flush()
    stored = db.scalar(select(MessageConsent.address).where(MessageConsent.participant_id == person.id))
    client = login_as(world.facilitator)
    page = visible_text(text(client.get(f"/actions/consent/{person.id}")))
    assert "06 35 94 18 63" in page and stored.replace(" ", "") not in page.replace(" ", "").replace("0635941863", "")
    answer = client.post(f"/actions/consent/{person.id}", data={"channel": "email", "address": "awa@example.fr",
                                                                "given_on": today.strftime("%d/%m/%Y")},
                         follow_redirects=True)
    shown = visible_text(text(answer))
    assert "par e-mail" in shown and "par E-mail" not in shown


def test_a_person_s_phone_typed_internationally_is_shown_as_people_read_it(world, db, login_as):
    world.participant.phone = "+33635941863"
    page = visible_text(text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}")))
    assert "06 35 94 18 63" in page and "+33635941863" not in page
