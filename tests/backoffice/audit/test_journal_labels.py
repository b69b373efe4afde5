"""The journal speaks French for every record: each kind of record and each field has a French label
(walked over the metadata, so that a new column without one fails here), its filter offers French kinds
of record, and a person's « Historique » holds what was recorded about them, not only their own record."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from sqlalchemy import select

import shared.models  # noqa: F401  (every table in the metadata)
from backoffice.audit.history import Reader
from shared import clock
from shared.audit.labels import TABLE_LABELS, TECHNICAL
from shared.audit.models import AuditAction, AuditEntry
from shared.db import Base
from shared.decisions.operations import ChoiceInput, close_vote, open_vote
from shared.kiosk.operations import create_enrolment_code
from shared.messaging.models import Channel
from shared.messaging.operations import record_consent
from tests.backoffice.world import build_world

ENGLISH = re.compile(r"\b(Closed early|Merged into|Adopted session|Given on|vote_choice|message_consent|"
                     r"Création vote|Table est égal)\b")


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def world(make, db):
    return build_world(make, db)


def test_every_table_has_a_french_name():
    assert [t.name for t in Base.metadata.sorted_tables if t.name not in TABLE_LABELS] == []


def test_every_column_of_every_table_has_a_french_label(app):
    with app.test_request_context():
        reader = Reader([])
        missing = [f"{table.name}.{column.name}" for table in Base.metadata.sorted_tables for column in table.columns
                   if column.name not in TECHNICAL and reader.known_label(table.name, column.name) is None]
    assert missing == []


def test_a_vote_closed_early_reads_in_french_in_the_journal(world, db, login_as):
    vote = open_vote(db, group=world.group, question="Que fait-on en avril ?", opens_on=clock.today(),
                     closes_on=clock.today() + dt.timedelta(days=7), actor=world.admin,
                     choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
    close_vote(db, vote, actor=world.admin)
    db.commit()
    journal = text(login_as(world.admin).get("/audit/"))
    body = journal.split("<body", 1)[1].split("<script", 1)[0]
    assert "Choix d'un vote" in body and "Fermé avant la date" in body
    assert not ENGLISH.search(body), ENGLISH.search(body)


def filters_of(page: str) -> dict:
    return json.loads(re.search(r'id="filter-groups-data" class="d-none">(.*?)</div>', page, re.S).group(1))


def test_the_journal_filter_offers_kinds_of_record_in_french(world, login_as):
    client = login_as(world.admin)
    filters = filters_of(text(client.get("/audit/")))
    assert "Table" not in filters
    (kind,) = filters["Type de fiche"]
    offered = dict(kind["options"])
    assert offered["participant"] == "Personne" and offered["vote_choice"] == "Choix d'un vote"
    assert all(label == TABLE_LABELS[value] for value, label in offered.items())
    assert not {"feedback", "ballot", "vote_participation"} & set(offered)  # never in the journal: not offered
    filtered = text(client.get(f"/audit/?flt0_{kind['arg']}=participant"))
    assert world.participant.full_name in filtered and world.contract.participant.full_name in filtered
    assert "Contrat n°" not in filtered.split('id="filter-groups-data"')[0].split("<body", 1)[1]


def test_a_forged_kind_of_record_in_the_filter_is_ignored(world, login_as):
    client = login_as(world.admin)
    assert client.get("/audit/?flt0_type_de_fiche_equals=feedback' OR 1=1").status_code == 200


def test_a_persons_history_holds_their_referral_contract_attendance_and_exit(world, db, login_as):
    record_consent(db, world.participant, channel=Channel.SMS, address="06 12 34 56 78", given_on=clock.today())
    db.commit()
    page = text(login_as(world.admin).get(f"/participant/details/?id={world.participant.id}"))
    section = page[page.index('id="historique"'):]
    for kind in ("Orientation", "Contrat", "Émargement", "Accord pour les messages"):
        assert kind in section, kind
    assert "Accord donné le" in section and "Given on" not in section
    assert world.other_participant.full_name not in section  # nothing about anybody else
    leaver = text(login_as(world.admin).get(f"/participant/details/?id={world.exit.participant.id}"))
    assert "Sortie" in leaver[leaver.index('id="historique"'):]


def test_a_persons_history_is_still_for_admins_only(world, login_as):
    page = text(login_as(world.facilitator).get(f"/participant/details/?id={world.participant.id}"))
    assert 'id="historique"' not in page
    other = login_as(world.facilitator).get(f"/participant/details/?id={world.other_participant.id}")
    assert other.status_code in (302, 403, 404)


def test_a_record_without_a_name_reads_as_its_number_and_hash_only_changes_are_not_lines(world, db, login_as):
    code = create_enrolment_code(db, group=world.group, actor=world.admin, now=clock.now())
    db.commit()
    db.add(AuditEntry(at=clock.now(), actor_label="Tablette du CMS", action=AuditAction.UPDATE,
                      table_name="participant", record_id=str(world.participant.id),
                      changes={"pin_hash": ["modifié", "modifié"]}))
    db.commit()
    journal = text(login_as(world.admin).get("/audit/"))
    body = journal.split("<body", 1)[1].split("<script", 1)[0]
    assert f"n°{code.record.id}" in body and " object at 0x" not in body
    assert "Tablette du CMS" not in body  # a PIN's hash rewritten at a sign-in is no change anybody made


def test_a_symbol_chosen_is_one_entry_and_reads_in_the_persons_history(world, db, login_as):
    client = login_as(world.facilitator)
    assert client.post(f"/actions/kiosk/symbol/{world.participant.id}", data={"symbol": "tortue"}).status_code == 302
    db.expire_all()
    entries = [e for e in db.scalars(select(AuditEntry).where(AuditEntry.table_name == "participant",
                                                              AuditEntry.record_id == str(world.participant.id)))
               if "symbol" in (e.changes or {})]
    assert [e.changes["symbol"] for e in entries] == [[None, "tortue"]]  # noted once, not twice
    page = text(login_as(world.admin).get(f"/participant/details/?id={world.participant.id}"))
    assert re.search(r"Symbole sur la tablette</th>\s*<td>.*?</td>\s*<td[^>]*>→</td>\s*<td>tortue</td>",
                     page[page.index('id="historique"'):], re.S)
