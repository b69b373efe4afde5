"""A small world for the action tests: a group, its facilitator, a referrer, a person, a contract."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from shared.contracts.models import Contract
from shared.groups.models import Group
from shared.people.models import Participant
from shared.staff.models import Role, StaffMember


@dataclass
class World:
    group: Group
    facilitator: StaffMember
    referrer: StaffMember
    participant: Participant
    contract: Contract
    admin: StaffMember


@pytest.fixture
def world(make, db, today) -> World:
    group = make.group()
    facilitator = make.facilitator(group)
    referrer = make.referrer()
    participant = make.participant(group, referrer=referrer, first_name="Fatima", last_name="Benali")
    contract = make.contract(
        participant, facilitator=facilitator, starts_on=today - dt.timedelta(days=500),
        ends_on=today + dt.timedelta(days=30), objectives=("Sortir de chez moi une fois par semaine",),
        expectations="Rencontrer du monde.",
    )
    return World(group, facilitator, referrer, participant, contract, make.staff(Role.ADMIN))


@pytest.fixture
def other_world(make, today) -> World:
    """Another group with its own people: out of ``world``'s facilitator's scope."""
    group = make.group()
    facilitator = make.facilitator(group)
    referrer = make.referrer()
    participant = make.participant(group, referrer=referrer, first_name="Jean", last_name="Durand")
    contract = make.contract(participant, facilitator=facilitator, starts_on=today - dt.timedelta(days=100))
    return World(group, facilitator, referrer, participant, contract, make.staff(Role.ADMIN))
