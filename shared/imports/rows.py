"""One row of a file through the same operations as the forms: a person referred (or recognised and
corrected), a contract drafted and signed, a session planned and its attendance recorded.

Each handler reads its cells (every unreadable cell is a ``RowProblem``), then calls the operations of
``shared/``; a ``DomainError`` they raise is the row's problem, on the column of its field. What a row adds
to the import's indexes is kept in ``RowContext.pending`` until the row is kept (``RowContext.keep``).

``prefetch`` reads at once, for a batch of rows, what their operations would otherwise read row by row: the
people they name, and for attendance the facts the operation checks (``shared.sessions.facts``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract
from shared.contracts.operations import ObjectiveDraft, Party, create_contract, sign_contract
from shared.dates import fr
from shared.errors import DomainError
from shared.groups.models import Group
from shared.imports import cells
from shared.imports.matching import Ambiguous, Known, PeopleIndex, StaffIndex, split_staff_name
from shared.people.models import Benefit, Gender, Participant
from shared.people.operations import refer_again, refer_participant, update_participant
from shared.sessions.facts import AttendanceFacts, attendance_facts, facts_on
from shared.sessions.models import Session
from shared.sessions.operations import record_attendance
from shared.sessions.planning import plan_session
from shared.staff.accounts import create_staff_member
from shared.staff.models import JobTitle, Role, StaffMember

GENDERS = {"f": Gender.FEMALE, "femme": Gender.FEMALE, "mme": Gender.FEMALE, "madame": Gender.FEMALE,
           "h": Gender.MALE, "m": Gender.MALE, "homme": Gender.MALE, "m.": Gender.MALE, "monsieur": Gender.MALE,
           "autre": Gender.OTHER, "non precise": Gender.OTHER}
BENEFITS = {"rsa": Benefit.RSA, "rmi": Benefit.RMI, "ass": Benefit.ASS, "aah": Benefit.AAH, "aucun": Benefit.NONE,
            "aucune": Benefit.NONE, "autre": Benefit.OTHER}
JOBS = {"ass": JobTitle.ASS, "cip": JobTitle.CIP, "cesf": JobTitle.CESF, "ass rmi": JobTitle.ASS_RMI,
        "ass specialise rmi": JobTitle.ASS_RMI, "ass rsa": JobTitle.ASS_RMI}
CONTACT_DOMAIN = "contact-importe.invalid"  # a contact has no address of their own: one that never delivers
_OBJECTIVE_SEPARATORS = re.compile(r"\s*(?:\n|;|•|\s-\s)\s*")


class RowProblem(Exception):
    """What is wrong with a row: ``problems`` are (field key or None, French message)."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        super().__init__(problems[0][1])
        self.problems = problems


@dataclass
class Row:
    number: int
    values: dict[str, object]  # field key → raw cell
    sessions: dict[str, object] = field(default_factory=dict)  # a grid's day header → raw cell


@dataclass
class RowContext:
    db: DbSession
    group: Group
    actor: StaffMember | None
    people: PeopleIndex
    staff: StaffIndex
    counts: Counter = field(default_factory=Counter)
    created: dict[str, list] = field(default_factory=dict)  # what → the records created
    sessions: dict[dt.date, Session] = field(default_factory=dict)
    facts: dict[tuple[dt.date, int], AttendanceFacts] = field(default_factory=dict)  # (day, person id)
    loaded: list[Participant] = field(default_factory=list)  # the batch's people, held in the session
    pending: list[Callable[[], None]] = field(default_factory=list)
    row_counts: Counter = field(default_factory=Counter)

    def count(self, what: str, record=None) -> None:
        """``record``: a record the row created; its id is read once the import has written it."""
        self.row_counts[what] += 1
        if record is not None:
            self.pending.append(lambda: self.created.setdefault(what, []).append(record))

    def snapshot(self) -> Callable[[], None]:
        """What restores the indexes and counts as they are now, when a batch of rows is undone."""
        people, staff, sessions, facts = len(self.people.added), len(self.staff.added), dict(self.sessions), self.facts
        counts, created = Counter(self.counts), {what: len(records) for what, records in self.created.items()}

        def restore() -> None:
            self.people.undo_after(people)
            self.staff.undo_after(staff)
            self.sessions, self.facts, self.counts = sessions, facts, counts
            self.created = {what: records[:created.get(what, 0)] for what, records in self.created.items()}
            self.forget()

        return restore

    def keep(self) -> None:
        """The row's savepoint was released: what it did counts."""
        for action in self.pending:
            action()
        self.counts.update(self.row_counts)
        self.forget()

    def forget(self) -> None:
        self.pending.clear()
        self.row_counts.clear()


def read(row: Row, readers: dict[str, Callable]) -> dict[str, object]:
    """Every cell of the row read as its column expects; all unreadable cells at once."""
    values, problems = {}, []
    for key, reader in readers.items():
        try:
            values[key] = reader(row.values.get(key))
        except cells.CellError as error:
            problems.append((key, error.message))
    if problems:
        raise RowProblem(problems)
    return values


PERSON_READERS = {"first_name": cells.text, "last_name": cells.text, "birth_year": cells.year,
                  "participant_id": cells.whole_number}


def find_person(ctx: RowContext, values: dict) -> Participant | None:
    try:
        known = ctx.people.find(first=values["first_name"], last=values["last_name"],
                                birth_year=values["birth_year"], participant_id=values["participant_id"])
    except Ambiguous as error:
        described = " ; ".join(_describe(p) for p in error.candidates)
        raise RowProblem([(None, f"plusieurs personnes pourraient être {values['first_name']} {values['last_name']} "
                                 f"({described}) : indiquez laquelle dans une colonne « N° de fiche », ou son "
                                 "année de naissance.")]) from None
    if known is None:
        return None
    return known.record if known.record is not None else ctx.db.get(Participant, known.id)


def _describe(person: Known) -> str:
    born = f"né(e) en {person.birth_year}" if person.birth_year else "année de naissance inconnue"
    return f"fiche n° {person.number}, {born}"


def _known_person(ctx: RowContext, values: dict) -> Participant:
    person = find_person(ctx, values)
    if person is None:
        who = f"{values['first_name'] or ''} {values['last_name'] or ''}".strip() or f"n° {values['participant_id']}"
        raise RowProblem([("last_name", f"personne inconnue ({who}) : importez d'abord les personnes, ou vérifiez "
                                        "l'orthographe et l'année de naissance.")])
    if person.group_id != ctx.group.id:
        raise RowProblem([("last_name", f"{person.full_name} n'est pas dans le groupe « {ctx.group.name} » : "
                                        "importez d'abord son orientation vers ce groupe.")])
    return person


def prefetch(ctx: RowContext, rows: list[Row]) -> None:
    """Read at once what the rows' operations would read one by one: the people they name (then found by id
    without a query) and, for attendance, their facts on each day the rows name. A cell that cannot be read
    is skipped here: the row's handler says what is wrong with it."""
    days_of: dict[int, set[dt.date]] = {}
    for row in rows:
        try:
            values = read(row, PERSON_READERS)
            known = ctx.people.find(first=values["first_name"], last=values["last_name"],
                                    birth_year=values["birth_year"], participant_id=values["participant_id"])
        except (RowProblem, Ambiguous):
            continue
        if known is None or known.id is None:
            continue
        days = days_of.setdefault(known.id, set())
        for raw in (row.sessions if row.sessions else [row.values.get("held_on")]):
            try:
                day = cells.date(raw)
            except cells.CellError:
                continue
            if day is not None:
                days.add(day)
    ctx.loaded = list(ctx.db.scalars(select(Participant).where(Participant.id.in_(list(days_of))))) if days_of else []
    people_on: dict[dt.date, list[int]] = {}
    for person_id, days in days_of.items():
        for day in days:
            people_on.setdefault(day, []).append(person_id)
    ctx.facts = {}
    for day, ids in people_on.items():
        session = ctx.sessions.get(day)
        found = facts_on(ctx.db, group_id=ctx.group.id, day=day, session_id=session.id if session else None,
                         participant_ids=ids)
        ctx.facts.update({(day, person_id): facts for person_id, facts in found.items()})


# --- Staff named in a cell ------------------------------------------------------------------------------

def referrer_named(ctx: RowContext, text: str | None, job: JobTitle | None, *, field: str = "referrer"
                   ) -> StaffMember | None:
    """An account or a contact with that name; a new contact (created on confirmation) when nobody has it."""
    if text is None:
        return None
    found = ctx.staff.find(text, referrer=True)
    if len(found) > 1:
        raise RowProblem([(field, f"plusieurs orienteurs s'appellent « {text} » : écrivez aussi sa fonction entre "
                                  "parenthèses, par exemple « Marie Dupont (CIP) ».")])
    if found:
        return found[0]
    first, last, job_in_name = split_staff_name(text)
    if not first:
        raise RowProblem([(field, f"« {text} » : écrivez le prénom et le nom de l'orienteur (« Marie Dupont »).")])
    try:
        contact = create_staff_member(ctx.db, email=_contact_address(ctx.db, first, last), first_name=first,
                                      last_name=last, role=Role.REFERRER, password=None,
                                      job_title=job or job_in_name or JobTitle.ASS)
    except DomainError as error:
        raise RowProblem([(field, error.message)]) from None
    ctx.count("referrers_created", contact)
    ctx.pending.append(lambda: ctx.staff.add(contact))
    return contact


def _contact_address(db: DbSession, first: str, last: str) -> str:
    slug = ".".join(_slug(part) for part in (first, last) if _slug(part)) or "contact"
    n, address = 1, f"{slug}@{CONTACT_DOMAIN}"
    while db.scalar(select(StaffMember.id).where(StaffMember.email == address)) is not None:
        n += 1
        address = f"{slug}.{n}@{CONTACT_DOMAIN}"
    return address


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def facilitator_named(ctx: RowContext, text: str | None) -> StaffMember:
    """The facilitator a contract names; else the one who imports, or the group's only facilitator."""
    if text is not None:
        found = ctx.staff.find(text, referrer=False)
        if len(found) == 1:
            return found[0]
        raise RowProblem([("facilitator", f"aucun compte d'animateur(trice) ne s'appelle « {text} »."
                           if not found else f"plusieurs comptes s'appellent « {text} ».")])
    team = [s for s in ctx.group.staff if s.role is Role.FACILITATOR and s.active]
    if ctx.actor is not None and ctx.actor in team:
        return ctx.actor
    if len(team) == 1:
        return team[0]
    raise RowProblem([("facilitator", "indiquez l'animateur(trice) qui signe le contrat (colonne "
                                      "« Animateur(trice) »).")])


# --- People ---------------------------------------------------------------------------------------------

def import_person(ctx: RowContext, row: Row) -> None:
    values = read(row, PERSON_READERS | {
        "gender": lambda v: cells.choice(v, GENDERS, what="un genre"),
        "town": cells.text, "phone": cells.text,
        "benefit": lambda v: cells.choice(v, BENEFITS, what="un minimum social"),
        "referred_on": cells.date, "referrer": cells.text,
        "referrer_job": lambda v: cells.choice(v, JOBS, what="une fonction d'orienteur"),
        "reason": cells.text,
    })
    person = find_person(ctx, values)
    if person is None:
        if values["referrer"] is None:
            raise RowProblem([("referrer", "indiquez qui a orienté la personne (prénom et nom du travailleur "
                                           "social, par exemple « Marie Dupont (CIP) »).")])
        referrer = referrer_named(ctx, values["referrer"], values["referrer_job"])
        person = refer_participant(
            ctx.db, first_name=values["first_name"], last_name=values["last_name"], group=ctx.group,
            referrer=referrer, referred_on=values["referred_on"], gender=values["gender"] or Gender.OTHER,
            birth_year=values["birth_year"], town=values["town"], benefit=values["benefit"] or Benefit.RSA,
            phone=values["phone"], reason=values["reason"], actor=ctx.actor)
        ctx.count("people_created", person)
        ctx.pending.append(lambda: ctx.people.add(person))
        return
    if person.group_id != ctx.group.id:
        referrer = referrer_named(ctx, values["referrer"], values["referrer_job"])
        refer_again(ctx.db, person, group=ctx.group, referrer=referrer, referred_on=values["referred_on"],
                    reason=values["reason"], actor=ctx.actor)
        ctx.count("referrals_created")
    given = {key: values[key] for key in ("gender", "birth_year", "town", "benefit") if values[key] is not None}
    if values["phone"] is not None and values["phone"].replace(" ", "") != (person.phone or "").replace(" ", ""):
        given["phone"] = values["phone"]
    if any(getattr(person, key) != value for key, value in given.items()):
        current = {key: getattr(person, key) for key in ("gender", "birth_year", "town", "benefit", "phone",
                                                         "consent_on")}
        update_participant(ctx.db, person, first_name=person.first_name, last_name=person.last_name,
                           **(current | given), actor=ctx.actor)
        ctx.count("people_updated")
    else:
        ctx.count("people_unchanged")


# --- Contracts ------------------------------------------------------------------------------------------

SIGNATURES = (("participant_signed_on", Party.PARTICIPANT), ("facilitator_signed_on", Party.FACILITATOR),
              ("referrer_signed_on", Party.REFERRER))


def import_contract(ctx: RowContext, row: Row) -> None:
    values = read(row, PERSON_READERS | {
        "starts_on": cells.date, "ends_on": cells.date, "objectives": cells.multiline_text,
        "expectations": cells.multiline_text, "facilitator": cells.text, "referrer": cells.text,
        **{key: cells.date for key, _party in SIGNATURES},
    })
    person = _known_person(ctx, values)
    if values["starts_on"] is None:
        raise RowProblem([("starts_on", "indiquez la date de début du contrat.")])
    existing = ctx.db.scalar(select(Contract).where(Contract.participant_id == person.id,
                                                    Contract.starts_on == values["starts_on"]))
    if existing is not None:
        ctx.count("contracts_unchanged")
        return
    referrer = referrer_named(ctx, values["referrer"], None) or _latest_referrer(person)
    contract = create_contract(
        ctx.db, participant=person, facilitator=facilitator_named(ctx, values["facilitator"]), referrer=referrer,
        starts_on=values["starts_on"], ends_on=values["ends_on"], expectations=values["expectations"],
        objectives=[ObjectiveDraft(wording=w) for w in _objectives(values["objectives"])], actor=ctx.actor)
    ctx.count("contracts_created", contract)
    for key, party in SIGNATURES:
        if values[key] is not None:
            try:
                sign_contract(ctx.db, contract, party=party, on=values[key], actor=ctx.actor)
            except DomainError as error:
                raise RowProblem([(key, error.message)]) from None
            ctx.count("signatures")


def _latest_referrer(person: Participant) -> StaffMember | None:
    referrals = sorted(person.referrals, key=lambda r: (r.referred_on, r.id or 0))
    return referrals[-1].referrer if referrals else None


def _objectives(text: str | None) -> list[str]:
    return [part.strip(" -•") for part in _OBJECTIVE_SEPARATORS.split(text or "") if part.strip(" -•")]


# --- Sessions and attendance ----------------------------------------------------------------------------

def session_on(ctx: RowContext, day: dt.date, *, field: str | None) -> Session:
    """The group's session that day; planned with the group's hours when the file is its only trace."""
    session = ctx.sessions.get(day)
    if session is not None:
        return session
    try:
        session = plan_session(ctx.db, group=ctx.group, held_on=day, starts_at=ctx.group.meets_from,
                               ends_at=ctx.group.meets_until)
    except DomainError as error:
        raise RowProblem([(field, f"séance du {fr(day)} : {lower_first(error.message)}")]) from None
    ctx.count("sessions_created", session)
    ctx.pending.append(lambda: ctx.sessions.__setitem__(day, session))
    return session


def attend(ctx: RowContext, person: Participant, day: dt.date, status, *, field: str | None) -> None:
    session = session_on(ctx, day, field=field)
    facts = ctx.facts.get((day, person.id)) or attendance_facts(ctx.db, session, [person.id]).get(person.id)
    before = facts.existing.status if facts is not None and facts.existing is not None else None
    try:
        attendance = record_attendance(ctx.db, session=session, participant=person, status=status, now=clock.now(),
                                       facts=facts)
    except DomainError as error:
        raise RowProblem([(field, f"séance du {fr(day)} : {lower_first(error.message)}")]) from None
    if facts is not None:  # a second row for the same person and day finds this one
        kept = dataclasses.replace(facts, existing=attendance)
        ctx.pending.append(lambda: ctx.facts.__setitem__((day, person.id), kept))
    ctx.count("attendances_unchanged" if before is status else
              "attendances_created" if before is None else "attendances_updated")


def import_attendance(ctx: RowContext, row: Row) -> None:
    values = read(row, PERSON_READERS | {"held_on": cells.date, "status": cells.mark})
    problems = []
    if row.sessions:  # a grid: one column per session, its header the day
        marks = {}
        for header, raw in row.sessions.items():
            try:
                status = cells.mark(raw)
            except cells.CellError as error:
                problems.append((f"session:{header}", error.message))
                continue
            if status is not None:
                marks[cells.date(header)] = (header, status)
        if problems:
            raise RowProblem(problems)
        if not marks:
            ctx.count("rows_without_presence")
            return
        person = _known_person(ctx, values)
        for day, (header, status) in sorted(marks.items()):
            attend(ctx, person, day, status, field=f"session:{header}")
        return
    if values["held_on"] is None:
        problems.append(("held_on", "indiquez la date de la séance."))
    if values["status"] is None:
        problems.append(("status", f"indiquez la présence : {cells.MARKS_HELP}."))
    if problems:
        raise RowProblem(problems)
    person = _known_person(ctx, values)
    attend(ctx, person, values["held_on"], values["status"], field="held_on")


def lower_first(message: str) -> str:
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message
