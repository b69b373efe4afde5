"""One person's path at department scale: referral, trial sessions, contracts and renewals,
reviews, exit plan and exit, planned as rows that respect the rules of ``shared/``.

- at most one contract in force a day: a renewal starts after the previous contract's last day;
- a contract lasts at most 18 months (``latest_end_for``); renewals carry a new objective;
- trial sessions come before the first contract; attendance only at sessions the group held
  (not cancelled, before today), never after the person's exit;
- an exit during a contract ends it early on that day (as ``record_exit`` does);
- reviews fall within the contract (a final one up to 30 days after it), one of each kind.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field

from shared import clock
from shared.contracts.models import Contract, Objective, ObjectiveCategory, ObjectiveStatus
from shared.contracts.rules import latest_end_for
from shared.dates import add_months
from shared.demo.people import OBJECTIVES
from shared.demo.scale_names import EXIT_COMMENTS, EXPECTATIONS, LAST_NAMES, MEN, NEXT_STEPS, REASONS, WOMEN
from shared.demo.scale_rows import PlannedRows
from shared.exits.models import Exit, ExitDestination, ExitPlan
from shared.people.models import Benefit, Gender, Participant, Referral
from shared.reviews.models import ContractReview, LifeArea, ObjectivePosition, ReviewKind, SelfRating
from shared.reviews.rules import FINAL_REVIEW_GRACE_DAYS

DAY = dt.timedelta(days=1)
CONTRACT_SHARE = 0.68  # referred people who sign a contract
FIRST_MONTHS = (6, 9, 12, 12, 12, 18)
RENEWAL_MONTHS = (6, 6, 9, 12)
MAX_CONTRACTS = 3
EARLY_EXIT, RENEWAL, EXIT_AFTER_END = 0.12, 0.35, 0.92  # cumulative shares of what follows a contract
DESTINATIONS = {
    ExitDestination.EMPLOYMENT: 15, ExitDestination.TRAINING: 15, ExitDestination.OTHER_GROUP: 20,
    ExitDestination.HEALTH_CARE: 5, ExitDestination.MOVED_AWAY: 10, ExitDestination.STOPPED_COMING: 20,
    ExitDestination.OTHER: 15,
}
NO_CONTRACT_DESTINATIONS = {
    ExitDestination.STOPPED_COMING: 50, ExitDestination.OTHER_GROUP: 25, ExitDestination.MOVED_AWAY: 10,
    ExitDestination.HEALTH_CARE: 10, ExitDestination.OTHER: 5,
}
BENEFITS = {Benefit.RSA: 72, Benefit.AAH: 10, Benefit.ASS: 8, Benefit.NONE: 5, Benefit.OTHER: 5}
MID_TERM_POSITIONS = {ObjectiveStatus.IN_PROGRESS: 60, ObjectiveStatus.OPEN: 20, ObjectiveStatus.ACHIEVED: 15,
                      ObjectiveStatus.DROPPED: 5}
FINAL_POSITIONS = {ObjectiveStatus.ACHIEVED: 45, ObjectiveStatus.IN_PROGRESS: 25, ObjectiveStatus.DROPPED: 20,
                   ObjectiveStatus.OPEN: 10}


@dataclass
class GroupPlan:
    """What a person's path needs to know of their group."""

    id: int
    started_on: dt.date
    trial_allowance: int
    towns: list[str]
    facilitator_id: int
    referrer_ids: list[int]
    held_days: list[dt.date] = field(default_factory=list)  # held (not cancelled, before today), sorted
    held_ids: list[int] = field(default_factory=list)

    def held_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, int]]:
        lo = bisect.bisect_left(self.held_days, first)
        hi = bisect.bisect_right(self.held_days, last)
        return list(zip(self.held_days[lo:hi], self.held_ids[lo:hi]))


@dataclass
class PersonPlan:
    participant: dict
    trial_slots: list[tuple[dt.date, int]]  # attended, present, as trials
    contract_slots: list[tuple[dt.date, int]]  # sessions during a contract: candidates for attendance
    left_on: dt.date | None


def pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=clock.CENTRE_TZ)


class PersonPlanner:
    def __init__(self, rows: PlannedRows, rng: random.Random, today: dt.date, pin_hash: str) -> None:
        self.rows, self.rng, self.today, self.pin_hash = rows, rng, today, pin_hash

    def plan(self, group: GroupPlan) -> PersonPlan:
        rng, today = self.rng, self.today
        span = max((today - dt.timedelta(days=3) - group.started_on).days, 0)
        referred_on = group.started_on + dt.timedelta(days=rng.randint(0, span))
        female = rng.random() < 0.58
        referrer_id = rng.choice(group.referrer_ids)
        person = self.rows.add(
            Participant.__table__, group_id=group.id, first_name=rng.choice(WOMEN if female else MEN),
            last_name=rng.choice(LAST_NAMES), gender=Gender.FEMALE if female else Gender.MALE,
            birth_year=rng.randint(1955, 2003), town=rng.choice(group.towns), benefit=pick(rng, BENEFITS),
            phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            consent_on=referred_on, pin_hash=self.pin_hash, last_contact_on=referred_on, pin_failures=0,
            pin_locked_until=None, anonymised_on=None,
        )
        self.rows.add(Referral.__table__, participant_id=person["id"], referrer_id=referrer_id, group_id=group.id,
                      referred_on=referred_on, reason=rng.choice(REASONS), expectations=rng.choice(EXPECTATIONS))
        self.person, self.group, self.referrer_id = person, group, referrer_id
        after = group.held_between(referred_on, today - DAY)
        trials = after[: rng.choice(range(group.trial_allowance + 1))]
        free_from = trials[-1][0] + DAY if trials else referred_on + dt.timedelta(days=rng.randint(7, 30))
        if rng.random() < CONTRACT_SHARE:
            start = free_from + dt.timedelta(days=rng.randint(0, 14))
            if start <= today:
                left_on, slots = self._contracts(start)
                return PersonPlan(person, trials, slots, left_on)
            if rng.random() < 0.5:
                self._contract(start, self._first_wordings(), previous=None, signed=False)
            return PersonPlan(person, trials, [], None)
        left_on = None
        if (today - referred_on).days > 120 and rng.random() < 0.85:
            left_on = min(today, free_from + dt.timedelta(days=rng.randint(14, 60)))
            self._exit(left_on, None, NO_CONTRACT_DESTINATIONS)
        return PersonPlan(person, trials, [], left_on)

    def _contracts(self, start: dt.date):
        """The chain of contracts and renewals from ``start``; returns (exit day or None, sessions)."""
        rng, today = self.rng, self.today
        slots: list[tuple[dt.date, int]] = []
        previous = None
        wordings = self._first_wordings()
        for _ in range(MAX_CONTRACTS):
            if start > today:  # the next contract is still being prepared
                self._contract(start, wordings, previous=previous, signed=False)
                return None, slots
            contract = self._contract(start, wordings, previous=previous, signed=True)
            ends_on = contract["ends_on"]
            roll = rng.random()
            latest_early = min(ends_on - DAY, today)
            if roll < EARLY_EXIT and latest_early >= start + dt.timedelta(days=30):
                left_on = start + dt.timedelta(days=rng.randint(30, (latest_early - start).days))
                destination = self._exit(left_on, contract["id"], DESTINATIONS)
                contract["ended_early_on"] = left_on
                contract["early_end_reason"] = f"Sortie : {destination.label}"
                slots += self.group.held_between(start, min(left_on, today - DAY))
                self._reviews(contract, left_on)
                return left_on, slots
            slots += self.group.held_between(start, min(ends_on, today - DAY))
            self._reviews(contract, ends_on)
            if ends_on >= today:
                if (ends_on - today).days <= 90:
                    follow = rng.random()
                    if follow < 0.3:
                        self._contract(ends_on + DAY, self._renewal_wordings(contract), previous=contract,
                                       signed=False)
                    elif follow < 0.6:
                        self._exit_plan(contract, ends_on, updated=today - dt.timedelta(days=rng.randint(0, 30)))
                return None, slots
            if roll < RENEWAL:
                previous, wordings = contract, self._renewal_wordings(contract)
                start = ends_on + dt.timedelta(days=1 + rng.randint(0, 20))
                continue
            if roll < EXIT_AFTER_END:
                left_on = min(today, ends_on + dt.timedelta(days=rng.randint(0, 30)))
                if rng.random() < 0.6:
                    self._exit_plan(contract, ends_on, updated=ends_on - dt.timedelta(days=60))
                self._exit(left_on, contract["id"], DESTINATIONS)
                return left_on, slots
            return None, slots  # ended, neither renewed nor followed by an exit: staff must decide
        return None, slots

    def _first_wordings(self) -> list[tuple[str, str]]:
        return self.rng.sample(OBJECTIVES, self.rng.choice((2, 3)))

    def _renewal_wordings(self, contract: dict) -> list[tuple[str, str]]:
        """Keep one or two objectives, add at least one the previous contract did not have."""
        old = contract["_wordings"]
        kept = self.rng.sample(old, min(len(old), self.rng.choice((1, 2))))
        fresh = [o for o in OBJECTIVES if o not in old]
        return kept + self.rng.sample(fresh, self.rng.choice((1, 2)))

    def _contract(self, start: dt.date, wordings, *, previous: dict | None, signed: bool) -> dict:
        rng, today = self.rng, self.today
        months = rng.choice(RENEWAL_MONTHS if previous else FIRST_MONTHS)
        ends_on = min(add_months(start, months) - DAY, latest_end_for(start))
        sign_day = min(today, max(self.person["consent_on"], start - dt.timedelta(days=rng.randint(0, 10))))

        def signature(party: int):
            if not signed and party >= rng.randint(0, 2):
                return None
            return min(today, start, sign_day + dt.timedelta(days=rng.randint(0, 3)))

        contract = self.rows.add(
            Contract.__table__, participant_id=self.person["id"], group_id=self.group.id,
            facilitator_id=self.group.facilitator_id, referrer_id=self.referrer_id, starts_on=start,
            ends_on=ends_on, expectations=rng.choice(EXPECTATIONS), participant_signed_on=signature(0),
            facilitator_signed_on=signature(1), referrer_signed_on=signature(2),
            renews_id=previous["id"] if previous else None, ended_early_on=None, early_end_reason=None,
            created_at=local(sign_day - dt.timedelta(days=7), 10), version=1,
        )
        contract["_objectives"] = [
            self.rows.add(Objective.__table__, contract_id=contract["id"], wording=wording,
                          category=ObjectiveCategory(category), status=ObjectiveStatus.OPEN)
            for wording, category in wordings
        ]
        contract["_wordings"] = list(wordings)
        return contract

    def _reviews(self, contract: dict, last_day: dt.date) -> None:
        rng, today, start = self.rng, self.today, contract["starts_on"]
        middle = start + (last_day - start) / 2
        final = max(start, last_day - dt.timedelta(days=30))
        if middle <= today and middle <= final and rng.random() < 0.8:
            self._review(contract, ReviewKind.MID_TERM, middle, MID_TERM_POSITIONS)
        if final <= today and rng.random() < 0.7:
            held_on = min(today, last_day + dt.timedelta(days=FINAL_REVIEW_GRACE_DAYS),
                          final + dt.timedelta(days=rng.randint(0, 20)))
            self._review(contract, ReviewKind.FINAL, held_on, FINAL_POSITIONS)

    def _review(self, contract: dict, kind: ReviewKind, held_on: dt.date, positions: dict) -> None:
        rng = self.rng
        review = self.rows.add(
            ContractReview.__table__, contract_id=contract["id"], kind=kind, held_on=held_on,
            participant_took_part=rng.random() < 0.9, facilitator_took_part=True,
            referrer_took_part=rng.random() < 0.6, next_steps=rng.choice(NEXT_STEPS),
            written_by_id=self.group.facilitator_id, created_at=local(held_on, 16),
        )
        for objective in contract["_objectives"]:
            status = pick(rng, positions)
            objective["status"] = status  # the latest review sets the objective's status
            self.rows.add(ObjectivePosition.__table__, review_id=review["id"], objective_id=objective["id"],
                          status=status, comment=None)
        for area in rng.sample(list(LifeArea), rng.randint(3, len(LifeArea))):
            self.rows.add(SelfRating.__table__, review_id=review["id"], area=area, rating=rng.randint(1, 4))

    def _exit_plan(self, contract: dict, target_on: dt.date, *, updated: dt.date) -> None:
        updated = max(contract["starts_on"], min(updated, self.today))
        self.rows.add(
            ExitPlan.__table__, contract_id=contract["id"], destination=pick(self.rng, DESTINATIONS),
            steps="Rencontrer le partenaire ; préparer les démarches.", partners="Mission locale",
            target_on=target_on, written_by_id=self.group.facilitator_id, updated_at=local(updated, 11),
        )

    def _exit(self, left_on: dt.date, contract_id: int | None, destinations: dict) -> ExitDestination:
        destination = pick(self.rng, destinations)
        self.rows.add(Exit.__table__, participant_id=self.person["id"], contract_id=contract_id, left_on=left_on,
                      destination=destination, comment=self.rng.choice(EXIT_COMMENTS))
        return destination
