"""Factories that read like the domain: ``make.participant(...)``, ``make.contract(...)``."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract, Objective, ObjectiveCategory
from shared.contracts.rules import latest_end_for
from shared.groups.models import Group, Theme
from shared.partners.models import Partner, PartnerKind
from shared.people.models import Benefit, Gender, Participant, Referral
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password
from shared.writes import UNGUARDED

_counter = itertools.count(1)
TEST_PASSWORD = "motdepasse-de-test"


@contextlib.contextmanager
def directly(db: DbSession) -> Iterator[DbSession]:
    """Within this block the test's set-up writes directly, as the factories and the demo's loader do (the
    command line's ``idmix demo`` too): on a guarded session (``shared.db.make_sessionmaker``) anything else
    must go through an operation of ``shared/``. Still journaled."""
    previous = db.info.get(UNGUARDED)
    db.info[UNGUARDED] = True
    try:
        yield db
    finally:
        db.info[UNGUARDED] = previous


def set_up(db: DbSession, *objs) -> None:
    """Add ``objs`` and flush what the test arranged by hand (new rows, changed values) as its set-up."""
    with directly(db):
        db.add_all(objs)
        db.flush()


class Factory:
    def __init__(self, db: DbSession) -> None:
        self.db = db
        self._password_hash: str | None = None

    def _n(self) -> int:
        return next(_counter)

    def _save(self, obj):
        set_up(self.db, obj)
        return obj

    def group(self, **kw) -> Group:
        n = self._n()
        defaults = dict(
            name=f"ID'MIX {n}",
            district="Circonscription Nord",
            location="Centre Médico-Social des Tilleuls",
            started_on=dt.date(2007, 4, 12),
            meeting_weeks="2,4",
            weekday=3,
            meets_from=dt.time(14, 0),
            meets_until=dt.time(17, 0),
            trial_allowance=3,
            checkin_opens_before=30,
            requires_pin=True,
        )
        return self._save(Group(**(defaults | kw)))

    def theme(self, **kw) -> Theme:
        return self._save(Theme(**({"name": f"Cuisine {self._n()}", "pictogram": "cuisine"} | kw)))

    def staff(self, role: Role = Role.FACILITATOR, job_title: JobTitle | None = None, groups=(), **kw) -> StaffMember:
        n = self._n()
        if job_title is None:
            job_title = {Role.FACILITATOR: JobTitle.FACILITATOR, Role.REFERRER: JobTitle.ASS,
                         Role.ADMIN: JobTitle.MANAGER}[role]
        if self._password_hash is None:
            self._password_hash = hash_password(TEST_PASSWORD)
        defaults = dict(
            first_name="Claire", last_name=f"Martin{n}", email=f"staff{n}@cd.example.fr",
            job_title=job_title, role=role, password_hash=self._password_hash, active=True,
        )
        staff = StaffMember(**(defaults | kw))
        staff.groups = list(groups)
        return self._save(staff)

    def facilitator(self, group: Group | None = None, **kw) -> StaffMember:
        return self.staff(Role.FACILITATOR, groups=[group] if group else [], **kw)

    def referrer(self, job_title: JobTitle = JobTitle.ASS, **kw) -> StaffMember:
        return self.staff(Role.REFERRER, job_title=job_title, **kw)

    def participant(self, group: Group | None = None, referrer: StaffMember | None = None,
                    referred_on: dt.date | None = None, **kw) -> Participant:
        group = group or self.group()
        referrer = referrer or self.referrer()
        n = self._n()
        defaults = dict(first_name="Fatima", last_name=f"Benali{n}", gender=Gender.FEMALE, birth_year=1975,
                        town="Villeneuve", benefit=Benefit.RSA)
        participant = Participant(group=group, **(defaults | kw))
        participant.referrals = [Referral(referrer=referrer, group=group,
                                          referred_on=referred_on or clock.today() - dt.timedelta(days=60))]
        return self._save(participant)

    def contract(self, participant: Participant | None = None, *, starts_on: dt.date | None = None,
                 ends_on: dt.date | None = None, signed: bool = True, facilitator: StaffMember | None = None,
                 referrer: StaffMember | None = None, objectives=("Sortir de chez moi une fois par semaine",),
                 **kw) -> Contract:
        participant = participant or self.participant()
        starts_on = starts_on or clock.today() - dt.timedelta(days=30)
        signed_on = min(starts_on, clock.today()) if signed else None
        contract = Contract(
            participant=participant, group_id=participant.group_id,
            facilitator=facilitator or self.facilitator(participant.group),
            referrer=referrer or participant.referrals[0].referrer,
            starts_on=starts_on, ends_on=ends_on or latest_end_for(starts_on),
            participant_signed_on=signed_on, facilitator_signed_on=signed_on, referrer_signed_on=signed_on,
            objectives=[Objective(wording=w, category=ObjectiveCategory.SOCIAL_TIES) for w in objectives],
            **kw,
        )
        return self._save(contract)

    def session(self, group: Group | None = None, held_on: dt.date | None = None, **kw) -> Session:
        group = group or self.group()
        defaults = dict(held_on=held_on or clock.today(), starts_at=group.meets_from, ends_at=group.meets_until,
                        place=group.location)
        return self._save(Session(group=group, **(defaults | kw)))

    def partner(self, groups=(), **kw) -> Partner:
        defaults = dict(name=f"Centre de formation {self._n()}", kind=PartnerKind.TRAINING,
                        address="12 rue des Écoles, 75011 Paris", contact_name="Sophie Durand",
                        phone="01 23 45 67 89", email="contact@formation.example.fr")
        partner = Partner(**(defaults | kw))
        partner.groups = list(groups)
        return self._save(partner)

    def attendance(self, session: Session, participant: Participant, *, is_trial: bool = True,
                   status: AttendanceStatus = AttendanceStatus.PRESENT) -> Attendance:
        return self._save(Attendance(session=session, participant=participant, is_trial=is_trial, status=status,
                                     source=AttendanceSource.STAFF))
