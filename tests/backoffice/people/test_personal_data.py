"""A person's right of access from the back-office: "Exporter ses données" gives a JSON file with all
their data (never the anonymous feedback), for admins and the facilitators of their group only;
every download is in the audit trail."""

import json
import re
import uuid

import pytest
from sqlalchemy import select

from shared.audit.models import AuditAction, AuditEntry
from shared.feedback.models import Feedback, FeedbackScope, Mood
from tests.backoffice.world import build_world


@pytest.fixture
def world(make, db, today):
    world = build_world(make, db)
    db.add(Feedback(id=uuid.uuid4(), session=world.session, given_on=world.session.held_on,
                    scope=FeedbackScope.COLLECTIVE, mood=Mood.BAD, text="Avis anonyme du même jour"))
    world.participant.phone = "06 12 34 56 78"
    db.flush()
    return world


def url(person):
    return f"/actions/personal-data/{person.id}"


def exports(db):
    db.expire_all()
    return db.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT).order_by(AuditEntry.id)).all()


def test_the_participant_page_offers_the_export_to_the_facilitator_not_to_the_referrer(world, login_as):
    page = login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}").get_data(as_text=True)
    assert "Exporter ses données" in page and url(world.participant) in page
    assert "Code tablette" in page  # the other buttons of the page are still there
    page = login_as(world.referrer).get(f"/participant/details/?id={world.participant.id}").get_data(as_text=True)
    assert "Exporter ses données" not in page


def test_the_page_says_what_the_file_holds_and_records_nothing(world, login_as, db):
    response = login_as(world.facilitator).get(url(world.participant))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 contrat(s)" in page and "1 présence(s)" in page and "1 avis signé(s)" in page
    assert "Les avis anonymes n'y sont pas" in page
    assert exports(db) == []


def test_the_download_holds_the_persons_data_and_no_anonymous_feedback(world, login_as):
    response = login_as(world.facilitator).post(url(world.participant))
    assert response.status_code == 200 and response.mimetype == "application/json"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename="idmix-donnees-personne-{world.participant.id}-\d{{8}}\.json"',
                        disposition)  # the record number, never the name
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    identity = data["identité"]
    assert (identity["prénom"], identity["nom"], identity["téléphone"]) == (
        world.participant.first_name, world.participant.last_name, "06 12 34 56 78")
    assert identity["code_tablette"] == "aucun"
    assert [r["orientée_par"]["nom"] for r in data["orientations"]] == [world.referrer.full_name]
    contract = data["contrats"][0]
    assert contract["numéro"] == world.contract.id
    assert [o["libellé"] for o in contract["objectifs"]] == [o.wording for o in world.contract.objectives]
    assert [a["date"] for a in data["présences"]] == [world.session.held_on.isoformat()]
    assert [f["texte"] for f in data["avis_signés"]] == ["Très bonne séance"]
    body = response.get_data(as_text=True)
    assert "Avis anonyme du même jour" not in body and "Trop de bruit" not in body
    assert world.other_participant.last_name not in body


def test_every_download_is_recorded_with_who_and_whose(world, login_as, db):
    client = login_as(world.admin)
    client.post(url(world.participant))
    client.post(url(world.other_participant))
    entries = exports(db)
    assert [(e.actor_id, e.table_name, e.record_id) for e in entries] == [
        (world.admin.id, "participant", str(world.participant.id)),
        (world.admin.id, "participant", str(world.other_participant.id)),
    ]
    assert "Très bonne séance" not in json.dumps([e.changes for e in entries])  # the content is not copied


def test_another_groups_person_or_an_unknown_id_is_a_404_and_nothing_is_recorded(world, login_as, db):
    client = login_as(world.facilitator)
    assert client.get(url(world.other_participant)).status_code == 404
    assert client.post(url(world.other_participant)).status_code == 404
    assert client.post("/actions/personal-data/999999").status_code == 404
    assert exports(db) == []


def test_a_referrer_cannot_export_even_the_people_they_referred(world, login_as, db):
    """Referrers read their people's records; giving a person their file is the group's team's job."""
    client = login_as(world.referrer)
    assert client.get(url(world.participant)).status_code == 403
    assert client.post(url(world.participant)).status_code == 403
    assert exports(db) == []


def test_an_anonymous_visitor_is_sent_to_the_login_page(world, client):
    response = client.post(url(world.participant))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
