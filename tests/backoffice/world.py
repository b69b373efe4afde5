"""A small world for the back-office tests: a group with its team, people, contracts, sessions, feedback."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from shared import clock
from shared.exits.models import Exit, ExitDestination
from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.kiosk.models import Device, WalkIn
from shared.staff.models import Role


@dataclass
class World:
    group: object
    other_group: object
    admin: object
    facilitator: object
    referrer: object
    other_referrer: object
    participant: object
    other_participant: object
    contract: object
    other_contract: object
    session: object
    attendance: object
    other_attendance: object
    feedback: object
    other_feedback: object
    exit: object
    other_exit: object
    theme: object
    device: object
    walk_in: object
    extra: dict = field(default_factory=dict)

    @property
    def referral(self):
        return self.participant.referrals[0]

    @property
    def other_referral(self):
        return self.other_participant.referrals[0]


def build_world(make, db) -> World:
    today = clock.today()
    group, other_group = make.group(), make.group()
    admin = make.staff(Role.ADMIN)
    facilitator = make.facilitator(group)
    referrer, other_referrer = make.referrer(), make.referrer()
    participant = make.participant(group, referrer=referrer)
    other_participant = make.participant(other_group, referrer=other_referrer)
    leaver = make.participant(group, referrer=referrer)
    other_leaver = make.participant(other_group, referrer=other_referrer)
    contract = make.contract(participant, facilitator=facilitator)
    other_contract = make.contract(other_participant)
    theme = make.theme()
    past = make.session(group, held_on=today - dt.timedelta(days=7), theme=theme)
    other_past = make.session(other_group, held_on=today - dt.timedelta(days=7))
    attendance = make.attendance(past, participant)
    other_attendance = make.attendance(other_past, other_participant)
    feedback = Feedback(id=uuid.uuid4(), session=past, given_on=past.held_on, scope=FeedbackScope.PERSONAL,
                        mood=Mood.GOOD, text="Très bonne séance", participant_id=participant.id)
    other_feedback = Feedback(id=uuid.uuid4(), session=other_past, given_on=other_past.held_on,
                              scope=FeedbackScope.COLLECTIVE, mood=Mood.BAD, text="Trop de bruit")
    exit_ = Exit(participant=leaver, left_on=today - dt.timedelta(days=3), destination=ExitDestination.EMPLOYMENT)
    other_exit = Exit(participant=other_leaver, left_on=today - dt.timedelta(days=3),
                      destination=ExitDestination.TRAINING)
    device = Device(group=group, name="Tablette du CMS", token_hash=uuid.uuid4().hex)
    walk_in = WalkIn(session=past, first_name="Nadia", recorded_at=clock.now())
    db.add_all([feedback, other_feedback, exit_, other_exit, device, walk_in])
    db.flush()
    return World(group, other_group, admin, facilitator, referrer, other_referrer, participant, other_participant,
                 contract, other_contract, past, attendance, other_attendance, feedback, other_feedback, exit_,
                 other_exit, theme, device, walk_in)


def record_ids(world: World) -> dict[str, object]:
    """One record of each back-office view, by endpoint."""
    return {
        "group": world.group.id, "theme": world.theme.id, "staff": world.facilitator.id,
        "participant": world.participant.id, "referral": world.referral.id, "contract": world.contract.id,
        "session": world.session.id, "attendance": world.attendance.id, "feedback": world.feedback.id,
        "exit": world.exit.id, "walkin": world.walk_in.id, "device": world.device.id,
    }
