"""A person's « Historique » holds what was recorded about them, the reviews of their contracts included, and
keeps what was later deleted: who deleted their review or their exit, and when, is in their history too."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from shared import clock
from shared.reviews.models import ContractReview
from tests.backoffice.world import build_world


def history_of(client, participant) -> str:
    page = client.get(f"/participant/details/?id={participant.id}")
    assert page.status_code == 200
    body = html.unescape(page.get_data(as_text=True))
    return body[body.index('id="historique"'):]


@pytest.fixture
def world(make, db):
    return build_world(make, db)


def a_review(contract) -> dict:
    objective = contract.objectives[0]
    held_on = clock.today() - dt.timedelta(days=5)
    return {"kind": "mid_term", "held_on": held_on.isoformat(), "participant_took_part": "y",
            "facilitator_took_part": "y", f"status-{objective.id}": "achieved",
            f"comment-{objective.id}": "Vient chaque jeudi", "next_steps": "Rencontrer la CIP en avril"}


def test_a_review_recorded_then_deleted_stays_in_the_persons_history(world, db, login_as):
    facilitator = login_as(world.facilitator)
    assert facilitator.post(f"/actions/review/{world.contract.id}", data=a_review(world.contract)).status_code == 302
    recorded = history_of(login_as(world.admin), world.participant)
    assert "Création" in recorded and "Bilan" in recorded
    review_id = db.scalars(select(ContractReview.id)).one()
    assert login_as(world.facilitator).post("/review/delete/", data={"id": str(review_id)}).status_code == 302
    deleted = history_of(login_as(world.admin), world.participant)
    assert "Suppression" in deleted and "Rencontrer la CIP en avril" in deleted
    assert world.facilitator.full_name in deleted


def test_an_exit_deleted_as_a_mistake_stays_in_the_persons_history(world, db, login_as):
    leaver = world.exit.participant
    assert login_as(world.admin).post("/exit/delete/", data={"id": str(world.exit.id)}).status_code == 302
    page = history_of(login_as(world.admin), leaver)
    assert "Suppression" in page and "Sortie" in page
    assert world.other_exit.participant.full_name not in page


def test_a_phone_in_the_history_reads_as_people_read_it(world, login_as):
    client = login_as(world.facilitator)
    consent = {"channel": "sms", "address": "06 35 94 18 63", "given_on": clock.today().strftime("%d/%m/%Y")}
    assert client.post(f"/actions/consent/{world.participant.id}", data=consent).status_code == 302
    page = history_of(login_as(world.admin), world.participant)
    assert "06 35 94 18 63" in page and "+33635941863" not in page
