"""Two staff edit the same contract: the second save is refused with a clear French message,
what they typed stays on the screen, and the first one's changes are not overwritten."""

from __future__ import annotations

import pytest
from sqlalchemy import event, update

from backoffice.errors import CONTRACT_CONFLICT
from bench.html_forms import main_form
from shared.contracts.models import Contract
from tests.backoffice.conftest import app, db, login_as  # noqa: F401
from tests.backoffice.world import build_world
from tests.pages import text

CONFLICT_START = "Ce contrat a été modifié par quelqu'un d'autre pendant que vous l'éditiez"


@pytest.fixture
def world(make, db, today):
    world = build_world(make, db)
    world.extra["colleague"] = make.facilitator(world.group, first_name="Karim")
    return world


def edit_url(contract) -> str:
    return f"/contract/edit/?id={contract.id}"


def open_form(client, url) -> dict:
    return main_form(client.get(url).get_data(as_text=True)).defaults()


def test_the_conflict_message_is_the_one_staff_read():
    assert CONTRACT_CONFLICT.startswith(CONFLICT_START)


def test_second_editor_is_told_and_the_first_edit_stands(world, login_as, db):
    alice, karim = login_as(world.facilitator), login_as(world.extra["colleague"])
    url = edit_url(world.contract)
    alice_form, karim_form = open_form(alice, url), open_form(karim, url)

    saved = alice.post(url, data=alice_form | {"expectations": "Retrouver confiance (Alice)"})
    assert saved.status_code == 302
    refused = karim.post(url, data=karim_form | {"expectations": "Apprendre à cuisiner (Karim)",
                                                 "ends_on": "2027-01-31"})
    assert refused.status_code == 200
    assert CONFLICT_START in text(refused)
    assert "Apprendre à cuisiner (Karim)" in text(refused)  # what Karim typed is still on his screen

    db.expire_all()
    contract = db.get(Contract, world.contract.id)
    assert contract.expectations == "Retrouver confiance (Alice)"
    assert contract.ends_on != "2027-01-31" and contract.ends_on.isoformat() != "2027-01-31"


def test_after_reloading_the_second_editor_can_save(world, login_as, db):
    alice, karim = login_as(world.facilitator), login_as(world.extra["colleague"])
    url = edit_url(world.contract)
    karim_form = open_form(karim, url)
    assert alice.post(url, data=open_form(alice, url) | {"expectations": "Alice"}).status_code == 302
    assert CONFLICT_START in text(karim.post(url, data=karim_form | {"expectations": "Karim"}))

    reloaded = open_form(karim, url)
    assert reloaded["expectations"] == "Alice"
    assert karim.post(url, data=reloaded | {"expectations": "Alice, puis Karim"}).status_code == 302
    db.expire_all()
    assert db.get(Contract, world.contract.id).expectations == "Alice, puis Karim"


def test_an_edit_of_the_objectives_alone_also_warns_the_other_editor(world, login_as, db):
    alice, karim = login_as(world.facilitator), login_as(world.extra["colleague"])
    url = edit_url(world.contract)
    alice_form, karim_form = open_form(alice, url), open_form(karim, url)
    assert alice.post(url, data=alice_form | {"objectives-0-status": "achieved"}).status_code == 302
    refused = karim.post(url, data=karim_form | {"objectives-0-wording": "Un autre objectif"})
    assert CONFLICT_START in text(refused)
    db.expire_all()
    objective = db.get(Contract, world.contract.id).objectives[0]
    assert objective.status.value == "achieved" and objective.wording != "Un autre objectif"


def test_two_saves_at_the_same_instant_the_second_gets_the_message(world, login_as, db):
    """Someone else's UPDATE lands between this request's read and its write (a race, not a stale form)."""
    client = login_as(world.facilitator)
    url = edit_url(world.contract)
    form = open_form(client, url)
    with someone_else_saves_first(world.contract.id):
        refused = client.post(url, data=form | {"expectations": "Écrit en même temps"})
    assert refused.status_code == 200 and CONFLICT_START in text(refused)
    db.expire_all()
    assert db.get(Contract, world.contract.id).expectations != "Écrit en même temps"


def test_early_end_from_a_stale_page_is_refused(world, login_as, db, today):
    alice, karim = login_as(world.facilitator), login_as(world.extra["colleague"])
    url = f"/actions/early-end/{world.contract.id}"
    alice_form, karim_form = open_form(alice, url), open_form(karim, url)
    assert "version" in karim_form
    ended = alice.post(url, data=alice_form | {"ended_early_on": today.isoformat(),
                                               "early_end_reason": "Reprise d'emploi"})
    assert ended.status_code == 302
    refused = karim.post(url, data=karim_form | {"ended_early_on": today.isoformat(),
                                                 "early_end_reason": "Déménagement"})
    assert refused.status_code == 200
    assert CONFLICT_START in text(refused) and "Déménagement" in text(refused)
    db.expire_all()
    assert db.get(Contract, world.contract.id).early_end_reason == "Reprise d'emploi"


def test_early_end_racing_another_save_gets_the_message_not_a_500(world, login_as, db, today):
    client = login_as(world.facilitator)
    url = f"/actions/early-end/{world.contract.id}"
    form = open_form(client, url)
    with someone_else_saves_first(world.contract.id):
        refused = client.post(url, data=form | {"ended_early_on": today.isoformat(), "early_end_reason": "Motif"})
    assert refused.status_code == 200 and CONFLICT_START in text(refused)
    db.expire_all()
    assert db.get(Contract, world.contract.id).ended_early_on is None


def test_signature_from_a_stale_page_is_refused(world, make, login_as, db, today):
    person = make.participant(world.group, referrer=world.referrer)
    draft = make.contract(person, facilitator=world.facilitator, signed=False, starts_on=today)
    alice, karim = login_as(world.facilitator), login_as(world.extra["colleague"])
    url = f"/actions/signatures/{draft.id}"
    alice_form, karim_form = open_form(alice, url), open_form(karim, url)
    assert alice.post(url, data=alice_form | {"party": "participant"}).status_code == 302
    refused = karim.post(url, data=karim_form | {"party": "referrer"})
    assert refused.status_code == 200 and CONFLICT_START in text(refused)
    db.expire_all()
    assert db.get(Contract, draft.id).referrer_signed_on is None


def test_signature_racing_another_save_gets_the_message_not_a_500(world, make, login_as, db, today):
    person = make.participant(world.group, referrer=world.referrer)
    draft = make.contract(person, facilitator=world.facilitator, signed=False, starts_on=today)
    client = login_as(world.facilitator)
    url = f"/actions/signatures/{draft.id}"
    form = open_form(client, url)
    with someone_else_saves_first(draft.id):
        refused = client.post(url, data=form | {"party": "participant"})
    assert refused.status_code == 200 and CONFLICT_START in text(refused)


class someone_else_saves_first:  # noqa: N801 - reads as a sentence in the tests
    """Just before this request's UPDATE of the contract, another writer bumps its version."""

    def __init__(self, contract_id: int) -> None:
        self.contract_id = contract_id

    def _bump(self, mapper, connection, target) -> None:
        if target.id == self.contract_id:
            connection.execute(update(Contract).where(Contract.id == target.id)
                               .values(version=Contract.version + 1))

    def __enter__(self):
        event.listen(Contract, "before_update", self._bump)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(Contract, "before_update", self._bump)
