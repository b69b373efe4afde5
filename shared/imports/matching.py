"""Recognising who a row is about: a person by first name, last name and year of birth (no case, no accents),
a referrer or a facilitator by name. Indexes are built once per import and grow with what it creates, so a
person on two rows of one file, or in a file imported twice, is one person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.people.models import Participant
from shared.search import fold
from shared.staff.models import REFERRER_JOBS, JobTitle, Role, StaffMember

JOB_WORDS = {"ass": JobTitle.ASS, "cip": JobTitle.CIP, "cesf": JobTitle.CESF, "ass rmi": JobTitle.ASS_RMI,
             "ass specialise rmi": JobTitle.ASS_RMI, "ass rsa": JobTitle.ASS_RMI, "rmi": JobTitle.ASS_RMI}
_JOB_IN_NAME = re.compile(r"^(.*?)[\s,\-–]*\(([^)]*)\)\s*$")


def name_key(first: str | None, last: str | None) -> tuple[str, str]:
    return " ".join(fold(first or "").split()), " ".join(fold(last or "").split())


@dataclass(frozen=True)
class Known:
    """A person as the index keeps them: no ORM object for the people already there, so that a department's
    20,000 people are not all loaded for an import that names a few (the rows' people are loaded by id). A
    person the import creates is kept with their ``record``: it may have no id until its batch is written."""

    id: int | None
    first_name: str
    last_name: str
    birth_year: int | None
    record: Participant | None = field(default=None, compare=False, repr=False)

    @property
    def number(self) -> int | None:
        return self.record.id if self.record is not None else self.id

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Ambiguous(Exception):
    """Several people could be the one a row names; ``candidates`` are they."""

    def __init__(self, candidates: list[Known]) -> None:
        super().__init__("ambiguous")
        self.candidates = candidates


@dataclass
class PeopleIndex:
    by_name: dict[tuple[str, str], list[Known]] = field(default_factory=dict)
    by_id: dict[int, Known] = field(default_factory=dict)
    added: list[Known] = field(default_factory=list)  # in order, so that a batch undone is taken back out

    @classmethod
    def load(cls, db: DbSession) -> "PeopleIndex":
        index = cls()
        rows = db.execute(select(Participant.id, Participant.first_name, Participant.last_name,
                                 Participant.birth_year).where(Participant.anonymised_on.is_(None)))
        for row in rows:
            index.add(Known(*row))
        return index

    def add(self, person: Known | Participant) -> None:
        if isinstance(person, Participant):
            person = Known(person.id, person.first_name, person.last_name, person.birth_year, record=person)
        self.by_name.setdefault(name_key(person.first_name, person.last_name), []).append(person)
        if person.id is not None:
            self.by_id[person.id] = person
        self.added.append(person)

    def undo_after(self, mark: int) -> None:
        """Take out the people added since ``len(self.added)`` was ``mark``."""
        while len(self.added) > mark:
            person = self.added.pop()
            self.by_name[name_key(person.first_name, person.last_name)].pop()
            if person.id is not None:
                self.by_id.pop(person.id, None)

    def find(self, *, first: str | None, last: str | None, birth_year: int | None,
             participant_id: int | None = None) -> Known | None:
        """The one person the row names; None if nobody; ``Ambiguous`` when two could be."""
        if participant_id is not None:
            return self.by_id.get(participant_id)
        named = self.by_name.get(name_key(first, last), [])
        if birth_year is None:
            candidates = named
        else:
            candidates = [p for p in named if p.birth_year == birth_year]
            if not candidates:
                candidates = [p for p in named if p.birth_year is None]  # could be them: ask
                if len(candidates) == 1:
                    raise Ambiguous(candidates)
        if len(candidates) > 1:
            raise Ambiguous(candidates)
        return candidates[0] if candidates else None


def split_staff_name(text: str) -> tuple[str, str, JobTitle | None]:
    """« Marie Dupont (CIP) » → (Marie, Dupont, CIP); « DUPONT Marie » → (Marie, DUPONT, None)."""
    job = None
    if match := _JOB_IN_NAME.match(text):
        text, job = match.group(1), JOB_WORDS.get(" ".join(re.sub(r"[^a-z ]", " ", fold(match.group(2))).split()))
    words = text.split()
    if len(words) < 2:
        return "", text.strip(), job
    upper = [w for w in words if w.isupper() and len(w) > 1]
    if upper and len(upper) < len(words):
        last = " ".join(upper)
        first = " ".join(w for w in words if w not in upper)
        return first, last, job
    return words[0], " ".join(words[1:]), job


@dataclass
class StaffIndex:
    """Staff members by folded full name, in either order (« Marie Dupont », « Dupont Marie »)."""

    by_name: dict[str, list[StaffMember]] = field(default_factory=dict)
    added: list[StaffMember] = field(default_factory=list)

    @classmethod
    def load(cls, db: DbSession) -> "StaffIndex":
        index = cls()
        for staff in db.scalars(select(StaffMember).where(StaffMember.active.is_(True))):
            index.add(staff)
        return index

    def add(self, staff: StaffMember) -> None:
        for key in self._keys(staff):
            self.by_name.setdefault(key, []).append(staff)
        self.added.append(staff)

    def undo_after(self, mark: int) -> None:
        while len(self.added) > mark:
            staff = self.added.pop()
            for key in self._keys(staff):
                self.by_name[key].pop()

    @staticmethod
    def _keys(staff: StaffMember) -> set[str]:
        first, last = name_key(staff.first_name, staff.last_name)
        return {f"{first} {last}", f"{last} {first}"}

    def find(self, text: str, *, referrer: bool) -> list[StaffMember]:
        match = _JOB_IN_NAME.match(text)
        key = " ".join(fold(match.group(1) if match else text).split())
        found = self.by_name.get(key, [])
        if referrer:
            return [s for s in found if s.job_title in REFERRER_JOBS]
        return [s for s in found if s.role in (Role.FACILITATOR, Role.ADMIN)]
