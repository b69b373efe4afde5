"""The list's « Supprimer » over several people: one French refusal per person kept, naming them and what
their file holds, and a success message only for those really deleted."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.people.models import Participant
from shared.records.deletion import NAMES
from shared.sessions.models import AttendanceStatus
from shared.db import Base
from tests.backoffice.world import build_world
from tests.pages import count, text

NBSP = "\u00a0"


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def flashes(page: str, colour: str) -> list[str]:
    import re

    found = re.findall(rf'alert-{colour}[^>]*>(.*?)</div>', page, re.S)
    return [re.sub(r"[ \t\r\n]+", " ", re.sub(r"<button.*?</button>", "", m, flags=re.S)).strip() for m in found]


def test_bulk_delete_names_each_refused_person_and_praises_only_the_deleted_one(world, login_as, db, make, today):
    aicha = make.participant(world.group, referrer=world.referrer, first_name="Aïcha", last_name="Traoré")
    first, second = (make.session(world.group, held_on=today - dt.timedelta(days=d)) for d in (21, 14))
    make.attendance(first, aicha)
    make.attendance(second, aicha)
    make.contract(aicha, facilitator=world.facilitator)
    karim = make.participant(world.group, referrer=world.referrer, first_name="Karim", last_name="Mansour")
    make.attendance(first, karim, status=AttendanceStatus.ABSENT)  # a line of the sheet, not a presence
    mistake = make.participant(world.group, referrer=world.referrer, first_name="Jean", last_name="Erreur")
    ids, mistake_id = [aicha.id, karim.id, mistake.id], mistake.id
    client = login_as(world.facilitator)
    response = client.post("/participant/action/", data={"action": "delete", "rowid": [str(i) for i in ids]},
                           follow_redirects=True)
    page = text(response)
    refusals = [m for m in flashes(page, "danger") if "historique" in m]
    assert len(refusals) == 2, refusals
    from tests.typography import typography_faults

    assert typography_faults(response.get_data(as_text=True)) == []
    assert any(m.startswith(f"Aïcha Traoré{NBSP}: sa fiche a un historique (2 émargements, 1 contrat)")
               for m in refusals), refusals
    assert any(m.startswith(f"Karim Mansour{NBSP}: sa fiche a un historique (1 émargement)") for m in refusals)
    assert all("Clore le dossier" in m and "n'a pas été supprimée" in m for m in refusals)
    assert not any(word in m for m in refusals for word in ("attendance", "contract", "message_consent"))
    successes = flashes(page, "success")
    assert successes == [f"Fiche supprimée{NBSP}: Jean Erreur."], successes
    assert "La fiche a été supprimée" not in page
    assert count(db, Participant, Participant.id.in_(ids)) == 2
    assert count(db, Participant, Participant.id == mistake_id) == 0


def test_bulk_delete_of_people_all_with_history_says_no_success_at_all(world, login_as, db, make, today):
    person = make.participant(world.group, referrer=world.referrer, first_name="Aïcha", last_name="Traoré")
    make.attendance(make.session(world.group, held_on=today - dt.timedelta(days=35)), person)
    client = login_as(world.facilitator)
    page = text(client.post("/participant/action/", data={"action": "delete", "rowid": [str(person.id),
                            str(world.participant.id)]}, follow_redirects=True))
    assert flashes(page, "success") == []
    assert len([m for m in flashes(page, "danger") if "historique" in m]) == 2
    assert count(db, Participant, Participant.id.in_([person.id, world.participant.id])) == 2


def test_bulk_delete_of_ids_out_of_scope_or_forged_deletes_nothing_and_claims_nothing(world, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.post("/participant/action/", data={"action": "delete", "rowid": [
        str(world.other_participant.id), "999999999", "abc", "-1"]}, follow_redirects=True))
    assert flashes(page, "success") == []
    assert "Aucune fiche supprimée" in page
    assert count(db, Participant, Participant.id == world.other_participant.id) == 1


def test_a_referrer_cannot_bulk_delete(world, login_as, db):
    client = login_as(world.referrer)
    response = client.post("/participant/action/", data={"action": "delete", "rowid": str(world.participant.id)})
    assert response.status_code == 403
    assert count(db, Participant, Participant.id == world.participant.id) == 1


def test_every_table_that_can_hold_history_has_a_french_name_for_refusals():
    assert sorted(set(Base.metadata.tables) - set(NAMES) - {"audit_entry"}) == []
