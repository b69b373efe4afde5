"""A department-scale data set for benchmarks: ``idmix demo --scale department``.

Dozens of groups over years, people at every stage of their path, attendance, feedback, reviews
and exits, in the proportions a department would see; the groups' closures, tablets, reminders sent and
sign-ins to confirm (``scale_upkeep``). Deterministic for a given seed and "today"
(only the argon2 hashes of the password and PIN differ between runs, their salt being random).

Rows are planned in memory with their ids (``scale_rows``), each person's path by
``scale_people``, then written with Core ``insert()`` in batches, in foreign-key order. Every row
respects the rules of ``shared/``; ``tests/shared/test_scale_generator.py`` checks them on the
small scale. The figures the issue asks for (50 groups, 20,000 people, 500,000 attendances over
ten years) mean groups larger than ID'MIX's dozen: most groups here meet every week.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from shared import clock
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import Contract, Objective
from shared.demo.loader import DEMO_PIN, SESSION_TITLES, THEMES, hash_password_for_pin
from shared.demo.people import FEEDBACK_TEXTS
from shared.demo.scale_names import CENTRES, LAST_NAMES, MEN, REVIEW_TEXTS, STREETS, TOWNS, WOMEN
from shared.demo.scale_people import DAY, GroupPlan, PersonPlanner, local, pick
from shared.demo.scale_rows import PlannedRows
from shared.demo.scale_openness import plan_attestation_requests, plan_partners, plan_skills
from shared.demo.scale_upkeep import plan_closures, plan_offline_checkins, plan_reminders, plan_tablets
from shared.errors import DomainError
from shared.evaluation.models import ActionReview
from shared.exits.models import Exit, ExitPlan
from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.groups.closures import GroupClosure
from shared.attestations.models import AttestationRequest, Skill
from shared.groups.models import Group, Theme, group_staff
from shared.kiosk.models import Device, WalkIn
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import Message, MessageConsent
from shared.partners.models import Partner, partner_group
from shared.people.models import Participant, Referral
from shared.reviews.models import ContractReview, ObjectivePosition, SelfRating
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.sessions.schedule import planned_days
from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password


@dataclass(frozen=True)
class Scale:
    name: str
    groups: int
    participants: int
    attendances: int
    feedback: int
    years: int  # history of the oldest groups


SCALES = {
    "small": Scale("small", groups=2, participants=200, attendances=3_000, feedback=300, years=3),
    "department": Scale("department", groups=50, participants=20_000, attendances=500_000, feedback=50_000,
                        years=10),
}
EMAIL_DOMAIN = "departement.demo.idmix.fr"
ADMIN_EMAIL = f"direction@{EMAIL_DOMAIN}"
REFERRERS_PER_DISTRICT = {JobTitle.ASS: 4, JobTitle.CIP: 2, JobTitle.CESF: 2, JobTitle.ASS_RMI: 2}
RHYTHMS = {"1,2,3,4,5": 6, "1,2,3,4": 3, "2,4": 1}  # every week, four a month, the source's two
SCHEDULED_AHEAD = dt.timedelta(days=120)
WRITE_ORDER = [
    Theme.__table__, Group.__table__, StaffMember.__table__, group_staff, GroupClosure.__table__, Device.__table__,
    Session.__table__, Participant.__table__, Referral.__table__, Contract.__table__, Objective.__table__,
    ContractReview.__table__, ObjectivePosition.__table__, SelfRating.__table__, ExitPlan.__table__, Exit.__table__,
    Attendance.__table__, Feedback.__table__, ActionReview.__table__, WalkIn.__table__, MessageConsent.__table__,
    Message.__table__, PendingAttendance.__table__, Partner.__table__, partner_group, Skill.__table__,
    AttestationRequest.__table__, AuditEntry.__table__,
]
MOODS = {Mood.VERY_BAD: 1, Mood.BAD: 2, Mood.GOOD: 5, Mood.VERY_GOOD: 4}
ATTENDANCE_STATUSES = {AttendanceStatus.PRESENT: 80, AttendanceStatus.EXCUSED: 10, AttendanceStatus.ABSENT: 10}


def facilitator_email(group_number: int) -> str:
    return f"animation.{group_number:02d}@{EMAIL_DOMAIN}"


@dataclass(frozen=True)
class ScaleResult:
    counts: dict[str, int]
    accounts: dict[str, str]  # "admin", "facilitator" (of the first group), "referrer" → e-mail
    password: str  # the same for every account of the data set
    seconds: float


def generate(
    connection: Connection,
    scale: Scale,
    *,
    today: dt.date | None = None,
    seed: int = 2007,
    password: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleResult:
    """Plan and insert the data set on ``connection`` (the caller commits). Refused if already there."""
    if connection.scalar(select(StaffMember.id).where(StaffMember.email == ADMIN_EMAIL)) is not None:
        raise DomainError("Les données de démonstration à l'échelle d'un département sont déjà dans cette base.")
    started = time.perf_counter()
    password = password or secrets.token_urlsafe(9)
    builder = _Builder(connection, scale, today or clock.today(), random.Random(seed), progress)
    builder.plan(hash_password(password), hash_password_for_pin(DEMO_PIN))
    progress("Écriture dans la base")
    counts = builder.rows.write(progress)
    return ScaleResult(counts, builder.accounts, password, time.perf_counter() - started)


class _Builder:
    def __init__(self, connection, scale: Scale, today: dt.date, rng: random.Random, progress) -> None:
        self.connection, self.scale, self.today, self.rng, self.progress = connection, scale, today, rng, progress
        self.rows = PlannedRows(connection, WRITE_ORDER)
        self.session_hours: dict[int, dt.time] = {}

    def plan(self, password_hash: str, pin_hash: str) -> None:
        self.progress(f"Groupes, équipe et séances ({self.scale.groups} groupes, {self.scale.years} ans)")
        self._themes()
        self._staff(password_hash)
        groups = [self._group(number) for number in range(1, self.scale.groups + 1)]
        self.progress(f"  {sum(len(g.held_ids) for g in groups):,} séances tenues".replace(",", "\u202f"))
        people = self._people(groups, PersonPlanner(self.rows, self.rng, self.today, pin_hash))
        present = self._attendance(people)
        self._feedback(present)
        self._walk_ins(groups, people)
        self._action_reviews(groups)
        tablets = plan_tablets(self.rows, self.rows.rows[Group.__table__.name], self.today, self.rng)
        plan_reminders(self.rows, present, self.today, self.rng)
        plan_offline_checkins(self.rows, {g.id: g.held_ids for g in groups}, present, tablets, self.session_hours)
        plan_partners(self.rows, self.rows.rows[Group.__table__.name], self.rng)
        plan_skills(self.rows)
        plan_attestation_requests(self.rows, self.rows.rows[Participant.__table__.name], self.today, self.rng)
        self._audit(groups)

    # --- groups, staff, sessions ----------------------------------------------------------------

    def _themes(self) -> None:
        existing = dict(self.connection.execute(select(Theme.name, Theme.id)).all())
        self.themes = []
        for name, pictogram in THEMES:
            theme_id = existing.get(name) or self.rows.add(Theme.__table__, name=name, pictogram=pictogram,
                                                           active=True)["id"]
            self.themes.append((theme_id, pictogram))

    def _person_name(self, index: int) -> tuple[str, str]:
        names = WOMEN if index % 3 else MEN
        first = names[index % len(names)]
        return first, LAST_NAMES[(index * 7) % len(LAST_NAMES)]

    def _staff_member(self, index: int, email: str, job: JobTitle, role: Role, password_hash: str) -> int:
        first, last = self._person_name(index)
        return self.rows.add(
            StaffMember.__table__, first_name=first, last_name=last, email=email, job_title=job, role=role,
            password_hash=password_hash, active=True, created_at=local(self.today - dt.timedelta(days=3650), 9),
        )["id"]

    def _staff(self, password_hash: str) -> None:
        self.districts = max(1, self.scale.groups // 5)
        self._staff_member(0, ADMIN_EMAIL, JobTitle.MANAGER, Role.ADMIN, password_hash)
        self.facilitators = [
            self._staff_member(n, facilitator_email(n), JobTitle.FACILITATOR, Role.FACILITATOR, password_hash)
            for n in range(1, self.scale.groups + 1)
        ]
        self.referrers: dict[int, list[int]] = {}
        index = 100
        for district in range(self.districts):
            self.referrers[district] = []
            for job, count in REFERRERS_PER_DISTRICT.items():
                for n in range(1, count + 1):
                    index += 1
                    email = f"{job.value}.{district + 1:02d}.{n}@{EMAIL_DOMAIN}"
                    self.referrers[district].append(
                        self._staff_member(index, email, job, Role.REFERRER, password_hash))
        first_referrer = f"{JobTitle.ASS.value}.01.1@{EMAIL_DOMAIN}"
        self.accounts = {"admin": ADMIN_EMAIL, "facilitator": facilitator_email(1), "referrer": first_referrer}

    def _group(self, number: int) -> GroupPlan:
        rng, today = self.rng, self.today
        district = (number - 1) % self.districts
        history = self.scale.years * 365
        started_on = today - dt.timedelta(days=history - rng.randint(0, history // 4))
        town = TOWNS[(number - 1) % len(TOWNS)]
        morning = rng.random() < 0.3
        row = self.rows.add(
            Group.__table__, name=f"ID'MIX {town} ({number:02d})",
            district=f"Circonscription d'action sociale n°{district + 1}",
            location=f"Centre Médico-Social {CENTRES[number % len(CENTRES)]}, {number} {STREETS[number % 5]}, {town}",
            started_on=started_on, meeting_weeks=pick(rng, RHYTHMS), weekday=rng.choice((0, 1, 2, 3, 3, 3, 4)),
            meets_from=dt.time(9, 30) if morning else dt.time(14, 0),
            meets_until=dt.time(12, 0) if morning else dt.time(17, 0),
            trial_allowance=rng.choice((2, 3, 3, 3, 4)), checkin_opens_before=30, requires_pin=True, active=True,
        )
        facilitator = self.facilitators[number - 1]
        self.rows.add(group_staff, group_id=row["id"], staff_id=facilitator)
        if number % 2 == 0:  # pairs of groups share a second facilitator
            self.rows.add(group_staff, group_id=row["id"], staff_id=self.facilitators[number - 2])
        plan = GroupPlan(id=row["id"], started_on=started_on, trial_allowance=row["trial_allowance"],
                         towns=[town, TOWNS[number % len(TOWNS)]], facilitator_id=facilitator,
                         referrer_ids=self.referrers[district])
        closures = plan_closures(self.rows, row["id"], started_on, today + SCHEDULED_AHEAD)
        self._sessions(row, plan, closures)
        return plan

    def _sessions(self, group: dict, plan: GroupPlan, closures: list[GroupClosure]) -> None:
        shape = Group(meeting_weeks=group["meeting_weeks"], weekday=group["weekday"])  # never added to a session
        start, end = group["started_on"], self.today + SCHEDULED_AHEAD
        days = []
        while start <= end:
            chunk_end = min(end, start + dt.timedelta(days=3 * 365))
            days += planned_days(shape, start, chunk_end, closures)[0]
            start = chunk_end + DAY
        for index, day in enumerate(days):
            theme_id, pictogram = self.themes[index % len(self.themes)]
            cancelled = day < self.today and self.rng.random() < 0.02
            row = self.rows.add(
                Session.__table__, group_id=group["id"], held_on=day, starts_at=group["meets_from"],
                ends_at=group["meets_until"], theme_id=theme_id, title=SESSION_TITLES[pictogram][index % 3],
                place=group["location"], capacity=30 if group["id"] % 2 else None, cancelled=cancelled,
                cancel_reason="Animatrice en formation" if cancelled else None,
            )
            self.session_hours[row["id"]] = group["meets_from"]
            if day < self.today and not cancelled:
                plan.held_days.append(day)
                plan.held_ids.append(row["id"])

    # --- people and what they did ---------------------------------------------------------------

    def _people(self, groups: list[GroupPlan], planner: PersonPlanner):
        weights = [(self.today - g.started_on).days for g in groups]
        people = []
        for n in range(1, self.scale.participants + 1):
            group = self.rng.choices(groups, weights=weights)[0]
            people.append((group, planner.plan(group)))
            if n % 5_000 == 0 or n == self.scale.participants:
                self.progress(f"Personnes et parcours : {n:,} / {self.scale.participants:,}".replace(",", "\u202f"))
        return people

    def _attendance(self, people) -> dict[int, list[int]]:
        """Trial sessions all kept; sessions under contract drawn to reach the target exactly."""
        trials = [(day, sid, p.participant["id"]) for _, p in people for day, sid in p.trial_slots]
        candidates = [(day, sid, p.participant["id"]) for _, p in people for day, sid in p.contract_slots]
        wanted = max(0, min(len(candidates), self.scale.attendances - len(trials)))
        chosen = self.rng.sample(candidates, wanted)
        present: dict[int, list[int]] = {}
        last_present: dict[int, dt.date] = {}
        trial_keys = set(trials)
        for day, sid, pid in sorted(trials + chosen):
            is_trial = (day, sid, pid) in trial_keys
            status = AttendanceStatus.PRESENT if is_trial else pick(self.rng, ATTENDANCE_STATUSES)
            hour = self.session_hours[sid]
            self.rows.add(
                Attendance.__table__, session_id=sid, participant_id=pid, status=status, is_trial=is_trial,
                source=AttendanceSource.KIOSK if self.rng.random() < 0.7 else AttendanceSource.STAFF,
                recorded_at=local(day, hour.hour, hour.minute) + dt.timedelta(minutes=self.rng.randint(-20, 40)),
            )
            if status is AttendanceStatus.PRESENT:
                present.setdefault(sid, []).append(pid)
                last_present[pid] = day
        for _, plan in people:
            person = plan.participant
            days = [person["consent_on"], last_present.get(person["id"]), plan.left_on]
            person["last_contact_on"] = max(d for d in days if d is not None)
        self.progress(f"Émargements : {len(trials) + len(chosen):,}".replace(",", "\u202f"))
        return present

    def _feedback(self, present: dict[int, list[int]]) -> None:
        sessions = {row["id"]: row["held_on"] for row in self.rows.rows[Session.__table__.name]}
        pool = sorted(present)
        for _ in range(self.scale.feedback if pool else 0):
            sid = self.rng.choice(pool)
            day = sessions[sid]
            old = day < self.today - dt.timedelta(days=60)
            signed = self.rng.random() < 0.2
            self.rows.add(
                Feedback.__table__, id=uuid.UUID(int=self.rng.getrandbits(128), version=4), session_id=sid,
                given_on=day, scope=self.rng.choice(list(FeedbackScope)), mood=pick(self.rng, MOODS),
                text=self.rng.choice(FEEDBACK_TEXTS) if self.rng.random() < 0.35 else None,
                participant_id=self.rng.choice(present[sid]) if signed else None,
                status=pick(self.rng, {FeedbackStatus.CLOSED: 7, FeedbackStatus.DISCUSSED: 2, FeedbackStatus.READ: 1}
                            if old else {FeedbackStatus.NEW: 6, FeedbackStatus.READ: 4}),
            )

    def _walk_ins(self, groups: list[GroupPlan], people) -> None:
        members: dict[int, list[int]] = {}
        for group, plan in people:
            members.setdefault(group.id, []).append(plan.participant["id"])
        for group in groups:
            recent = group.held_between(self.today - dt.timedelta(days=90), self.today - DAY)
            for day, sid in recent[-5:]:
                linked = self.rng.random() < 0.4 and members.get(group.id)
                self.rows.add(
                    WalkIn.__table__, session_id=sid, first_name=self.rng.choice(WOMEN + MEN),
                    recorded_at=local(day, 14, 10), participant_id=self.rng.choice(members[group.id]) if linked else None,
                    linked_by_id=group.facilitator_id if linked else None,
                )

    def _action_reviews(self, groups: list[GroupPlan]) -> None:
        for group in groups:
            for year in range(group.started_on.year + 1, self.today.year):
                self.rows.add(ActionReview.__table__, group_id=group.id, period_from=dt.date(year, 1, 1),
                              period_to=dt.date(year, 12, 31), written_by_id=group.facilitator_id,
                              updated_at=local(dt.date(year + 1, 1, 20), 10), **REVIEW_TEXTS)

    def _audit(self, groups: list[GroupPlan]) -> None:
        """What the recorder would have written when staff created the people and the contracts."""
        facilitator = {g.id: g.facilitator_id for g in groups}
        for person in self.rows.rows[Participant.__table__.name]:
            self.rows.add(AuditEntry.__table__, at=local(person["consent_on"], 10), actor_id=facilitator[person["group_id"]],
                          action=AuditAction.CREATE, table_name="participant", record_id=str(person["id"]),
                          changes={"group_id": [None, str(person["group_id"])]})
        for contract in self.rows.rows[Contract.__table__.name]:
            self.rows.add(AuditEntry.__table__, at=contract["created_at"], actor_id=contract["facilitator_id"],
                          action=AuditAction.CREATE, table_name="contract", record_id=str(contract["id"]),
                          changes={"starts_on": [None, contract["starts_on"].isoformat()],
                                   "ends_on": [None, contract["ends_on"].isoformat()]})

