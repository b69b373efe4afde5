"""The tablet's writes are journaled by the same session factory as every door, signed « Tablette … »;
opinions, ideas, ballots and who voted never get an entry (it would tie them to a person or a time)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from shared import clock
from shared.anonymity.models import PoolEntry
from shared.audit.models import AuditAction, AuditEntry
from shared.decisions.models import Ballot, Proposal, VoteParticipation
from shared.decisions.operations import ChoiceInput, open_vote
from shared.feedback.models import Feedback
from shared.kiosk.tokens import new_form_token
from tests.conftest import TODAY
from tests.kiosk.conftest import DURING_SESSION, PIN, post, text_of

TOKEN = re.compile(r'name="token" value="([^"]+)"')


def last_entry_id(db) -> int:
    return db.scalar(select(func.max(AuditEntry.id))) or 0


def entries_after(db, last_id: int) -> list[AuditEntry]:
    db.expire_all()
    return list(db.scalars(select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id)))


@pytest.fixture
def vote(db, kiosk):
    found = open_vote(db, group=kiosk.group, question="Que fait-on en avril ?", opens_on=TODAY,
                      closes_on=TODAY + dt.timedelta(days=14), actor=None,
                      choices=[ChoiceInput("Cuisine", "theme-cuisine"), ChoiceInput("Jardinage", "theme-jardinage")])
    db.commit()
    return found


def test_a_sign_in_on_the_tablet_is_journaled_with_the_tablet_as_actor(db, tablet, kiosk):
    before = last_entry_id(db)
    fatima = kiosk.people[0]
    done = post(tablet, "/signer/code", {"participant": fatima.id, "pin": PIN})
    assert "Bienvenue" in text_of(done)
    found = entries_after(db, before)
    signed = [e for e in found if e.table_name == "attendance"]
    assert [e.action for e in signed] == [AuditAction.CREATE]
    assert signed[0].changes["participant_id"] == [None, str(fatima.id)]
    assert {(e.actor_id, e.actor_label) for e in found} == {(None, "Tablette test")}
    assert signed[0].actor_name == "Tablette test"


def test_a_wrong_pin_on_the_tablet_adds_nothing_to_the_journal(db, tablet, kiosk):
    before = last_entry_id(db)
    post(tablet, "/signer/code", {"participant": kiosk.people[0].id, "pin": "0000"})
    assert entries_after(db, before) == []  # the failure counter is bookkeeping, not a decision


def test_opinions_ideas_and_ballots_never_get_an_entry(db, tablet, kiosk, vote):
    before = last_entry_id(db)
    anonymous = {"scope": "collective", "mood": "4", "text": "Une sortie au marché.", "signer": "anonyme"}
    assert "Merci" in text_of(post(tablet, "/avis", anonymous | {"token": new_form_token()}))
    signed = anonymous | {"signer": "prenom", "participant": kiosk.people[1].id, "pin": PIN}
    assert "Merci" in text_of(post(tablet, "/avis/code", signed | {"token": new_form_token()}))
    token = TOKEN.search(text_of(tablet.get("/decisions/idee"))).group(1)
    idea = {"pictogram": "theme-jardinage", "text": "", "token": token, "signer": "prenom",
            "participant": kiosk.people[1].id, "pin": PIN}
    assert "Merci pour votre idée" in text_of(post(tablet, "/decisions/idee/code", idea))
    choice = str(vote.choices[1].id)
    post(tablet, f"/decisions/vote/{vote.id}", {"choice": choice})
    voted = post(tablet, "/decisions/vote/code", {"vote": vote.id, "choice": choice,
                                                  "participant": kiosk.people[2].id, "pin": PIN})
    assert "Votre vote est enregistré" in text_of(voted)
    with clock.frozen_at(DURING_SESSION + dt.timedelta(days=1)):
        tablet.get("/")  # the day is over: the anonymous opinion leaves its pool, with no entry either
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Feedback)) == 2
    assert db.scalar(select(func.count()).select_from(Proposal)) == 1
    assert db.scalar(select(func.count()).select_from(Ballot)) == 0  # the vote is open: its ballot waits sealed
    assert db.scalar(select(func.count()).select_from(PoolEntry)) == 1
    assert db.scalar(select(func.count()).select_from(VoteParticipation)) == 1
    found = entries_after(db, before)
    assert {e.table_name for e in found} <= {"attendance"}, [(e.table_name, e.changes) for e in found]
    people = {str(p.id) for p in kiosk.people[1:]}
    assert not [e for e in found if {v for pair in (e.changes or {}).values() for v in pair} & people
                and e.table_name != "attendance"]
