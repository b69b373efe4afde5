"""A participant's symbol on the tablet, chosen with the facilitator from the person's page."""

from __future__ import annotations

import html

from sqlalchemy import select

from shared.audit.models import AuditEntry
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def url(person) -> str:
    return f"/actions/kiosk/symbol/{person.id}"


def test_the_persons_page_leads_to_the_symbol_page(world, login_as):
    page = text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}"))
    assert url(world.participant) in page and "Symbole tablette (aucun)" in page


def test_a_symbol_is_chosen_shown_and_audited(world, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.get(url(world.participant)))
    assert "Animaux" in page and "Fruits et légumes" in page and "aucun symbole" in page
    response = client.post(url(world.participant), data={"symbol": "tortue"})
    assert response.status_code == 302
    db.expire_all()
    assert world.participant.symbol == "tortue"
    page = text(client.get(url(world.participant)))
    assert "a maintenant le symbole : la tortue" in page and 'value="tortue" checked' in page
    entry = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "participant")).all()[-1]
    assert entry.changes == {"symbol": [None, "tortue"]}


def test_a_symbol_taken_in_the_group_is_refused_in_french(world, login_as, db, make):
    other = make.participant(world.group, first_name="Karim", last_name="Diallo")
    other.symbol = "chat"
    db.commit()
    client = login_as(world.facilitator)
    assert "(déjà pris : Karim D.)" in text(client.get(url(world.participant)))
    page = text(client.post(url(world.participant), data={"symbol": "chat"}))
    assert "Ce symbole (le chat) est déjà celui de Karim D. dans ce groupe" in page
    db.expire_all()
    assert world.participant.symbol is None


def test_an_unknown_symbol_is_refused(world, login_as, db):
    page = text(login_as(world.facilitator).post(url(world.participant), data={"symbol": "../etc/passwd"}))
    assert "Choisissez un symbole de la liste." in page
    db.expire_all()
    assert world.participant.symbol is None


def test_the_symbol_can_be_removed(world, login_as, db):
    world.participant.symbol = "pomme"
    db.commit()
    login_as(world.facilitator).post(url(world.participant), data={"symbol": ""})
    db.expire_all()
    assert world.participant.symbol is None


def test_nobody_outside_the_persons_group_opens_it(world, other_world, login_as):
    assert login_as(other_world.facilitator).get(url(world.participant)).status_code in (403, 404)
    assert login_as(world.referrer).get(url(world.participant)).status_code in (302, 403, 404)


def test_the_pictures_are_served_and_only_them(world, login_as):
    client = login_as(world.facilitator)
    image = client.get("/actions/kiosk/symbol/image/chat.svg")
    assert image.status_code == 200 and image.mimetype == "image/svg+xml" and b"<svg" in image.data
    assert client.get("/actions/kiosk/symbol/image/nothing.svg").status_code == 404
