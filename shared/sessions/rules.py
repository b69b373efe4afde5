"""The rules of a session and of its attendance, checked by the operations of ``shared.sessions``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.dates import add_months, fr, fr_time
from shared.errors import CheckInRefused, DomainError
from shared.exits.models import Exit
from shared.exits.queries import exits_not_undone_by
from shared.people.models import Participant
from shared.people.queries import in_group_on_condition
from shared.sessions.models import Attendance, AttendanceStatus, Session

# « présent » and « absent » say what happened: only for a session that has started.
NEEDS_STARTED = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.ABSENT})

# A session's day: from the year the action began (April 2007; the spreadsheets brought in go back
# that far) to two years ahead of today (a term planned well in advance). Outside: a typo.
EARLIEST_SESSION_DAY = dt.date(2007, 1, 1)
MONTHS_AHEAD = 24


class SessionRuleError(DomainError):
    """A session's hours, capacity or day break a rule."""


class AttendanceRuleError(DomainError):
    """An attendance cannot be recorded as asked (not started yet, already recorded...)."""


def starts_at(session: Session) -> dt.datetime:
    return dt.datetime.combine(session.held_on, session.starts_at, tzinfo=clock.CENTRE_TZ)


def has_started(session: Session, now: dt.datetime | None = None) -> bool:
    return starts_at(session) <= (now or clock.now())


def check_status_plausible(session: Session, status: AttendanceStatus, *, now: dt.datetime | None = None,
                           field: str = "status") -> None:
    """Present or absent only once the session has started; an excused absence may be entered ahead."""
    if status in NEEDS_STARTED and not has_started(session, now):
        raise AttendanceRuleError(
            f"La séance du {fr(session.held_on)} n'a pas encore commencé (début à {fr_time(session.starts_at)}) : "
            f"on ne peut pas encore noter « {status.label} ». Une absence excusée peut être notée à l'avance.",
            field=field,
        )


def check_in_group_on(db: DbSession, participant: Participant, session: Session, *, name: str,
                      in_group: bool | None = None) -> None:
    """An attendance only for a person referred to their group (one of the session's) on or before the session's day and not
    left by then (``people.queries.in_group_on_condition``, which also makes the session's lists).
    ``in_group``: that condition when the caller's own query already read it (no query then, unless refused)."""
    day = session.held_on
    with db.no_autoflush:
        if in_group is None:
            in_group = db.scalar(select(Participant.id).where(
                Participant.id == participant.id, in_group_on_condition(participant.group_id, day))) is not None
        if in_group:
            return
        # Their own group's referral: on a joint session, each person is referred to one of its groups.
        referred = sorted(r.referred_on for r in participant.referrals if r.group_id == participant.group_id)
        if not any(on <= day for on in referred):
            later = next((on for on in referred if on > day), None)
            raise CheckInRefused(
                f"{name} a été orienté(e) vers ce groupe {f'le {fr(later)}' if later else 'plus tard'}, après la "
                f"séance du {fr(day)} : on ne note pas de présence avant l'orientation.",
                field="participant",
            )
        left = db.scalars(exits_not_undone_by(participant.id, day).where(Exit.left_on < day)
                          .order_by(Exit.left_on.desc()).limit(1)).first()
    raise CheckInRefused(
        f"{name} avait quitté le groupe le {fr(left.left_on)}, avant la séance du {fr(day)} : on ne note pas de "
        "présence après une sortie (une personne sortie revient par une nouvelle orientation).",
        field="participant",
    )


def ordinal(n: int) -> str:
    return "1re" if n == 1 else f"{n}e"


def trial_allowance_notice(db: DbSession, attendance: Attendance) -> str | None:
    """A trial presence past the group's allowance is saved, and says so: staff owe a decision
    (rule 2 of the domain: a contract, or not). None within the allowance. The allowance is the person's own
    group's, as their situation counts it (``people.status``): a joint session's host may allow more trials."""
    if not attendance.is_trial or attendance.status is not AttendanceStatus.PRESENT:
        return None
    person = attendance.participant
    allowance = person.group.trial_allowance
    used = db.scalar(select(Participant.trial_sessions).where(Participant.id == person.id)) or 0
    if used <= allowance:
        return None
    allowed = {0: "alors que le groupe n'en prévoit pas", 1: "au-delà de la seule prévue par le groupe"}.get(
        allowance, f"au-delà des {allowance} prévues par le groupe")
    return (f"{person.full_name} en est à sa {ordinal(used)} séance d'essai, {allowed} : sa présence est "
            "enregistrée. Une décision est à prendre avec la personne et son orienteur : "
            "un contrat, ou non (« Décision à prendre » sur sa fiche et au tableau de bord).")


def check_hours(starts: dt.time | None, ends: dt.time | None) -> None:
    if starts is None:
        raise SessionRuleError("Indiquez l'heure de début.", field="starts_at")
    if ends is None:
        raise SessionRuleError("Indiquez l'heure de fin.", field="ends_at")
    if ends <= starts:
        raise SessionRuleError("L'heure de fin doit être après l'heure de début.", field="ends_at")


def check_capacity(capacity: int | None) -> None:
    if capacity is not None and capacity <= 0:
        raise SessionRuleError("Le nombre de places doit être positif (ou laissé vide).", field="capacity")


def check_one_session_a_day(db: DbSession, *, group_id: int, held_on: dt.date, session_id: int | None = None,
                            guest_groups=()) -> None:
    """A group meets at most once a day, as host or as guest of a joint session (the sign-in and the schedule
    rely on it)."""
    from shared.sessions.queries import held_by_condition

    for group_id_, name in [(group_id, None), *((group.id, group.name) for group in guest_groups)]:
        query = select(func.count(Session.id)).where(held_by_condition(group_id_), Session.held_on == held_on)
        if session_id is not None:
            query = query.where(Session.id != session_id)
        with db.no_autoflush:
            if db.scalar(query):
                if name is None:
                    raise SessionRuleError(f"Ce groupe a déjà une séance le {fr(held_on)}.", field="held_on")
                raise SessionRuleError(f"Le groupe {name} a déjà une séance le {fr(held_on)} : une séance commune "
                                       "remplace la sienne ce jour-là.", field="guest_groups")


def check_guest_groups(host_id: int, guest_groups) -> list:
    """A joint session brings two groups or more together: its guests are other groups than its host."""
    guests = list(dict.fromkeys(guest_groups or []))
    if any(group.id == host_id for group in guests):
        raise SessionRuleError("Une séance commune réunit au moins deux groupes : le groupe qui accueille la séance "
                               "n'est pas aussi son invité. Choisissez un autre groupe, ou aucun.",
                               field="guest_groups")
    return guests


def check_may_change_session(actor, session: Session) -> None:
    """A guest group's facilitators see a joint session and take their people's attendance; its host group's
    team (or an admin) changes it."""
    from shared.staff.models import Role

    if actor is None or actor.role is not Role.FACILITATOR or session.id is None:
        return
    if session.group_id not in {group.id for group in actor.groups}:
        raise SessionRuleError(f"Cette séance commune est organisée par le groupe {session.group.name} : son équipe "
                               "ou un administrateur la modifie.")


def check_partner_place(partner, at_partner: bool) -> None:
    """« Chez le partenaire »: a partner is named, and its address is known (it becomes the place)."""
    if not at_partner:
        return
    if partner is None:
        raise SessionRuleError("Choisissez le partenaire chez qui la séance a lieu.", field="partner")
    if not partner.address:
        raise SessionRuleError(f"L'adresse de « {partner.name} » n'est pas dans l'annuaire : complétez sa fiche, "
                               "ou indiquez le lieu.", field="at_partner")


def session_days(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The first and last days a session may be held on, as of ``today``."""
    return EARLIEST_SESSION_DAY, add_months(today or clock.today(), MONTHS_AHEAD)


def check_session_day(day: dt.date, *, today: dt.date | None = None, field: str = "held_on",
                      label: str = "La date de la séance") -> dt.date:
    """Every road that dates a session (the form, the schedule, the command line) checks it here."""
    earliest, latest = session_days(today)
    if not earliest <= day <= latest:
        raise SessionRuleError(f"{label} doit être comprise entre le {fr(earliest)} et le {fr(latest)} "
                               "(deux ans après aujourd'hui).", field=field)
    return day
