"""Planning a session by hand, changing it, cancelling it (the schedule makes them by the group's rule)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.feedback.models import Feedback
from shared.groups.models import Group, Theme
from shared.sessions.models import Attendance, Session
from shared.partners.models import Partner
from shared.partners.rules import check_partner_of
from shared.sessions.rules import (
    SessionRuleError, check_capacity, check_guest_groups, check_hours, check_may_change_session,
    check_one_session_a_day, check_partner_place, check_session_day,
)
from shared.text import LINE, SHORT, clean_text
from shared.writes import operation

# Said when a session with history cannot be deleted (``shared.records.deletion``).
CANCEL_INSTEAD = ("Annulez-la plutôt : modifiez la séance, cochez « Annulée » et indiquez le motif. "
                  "Ses émargements et ses avis restent dans l'historique et les bilans.")


def has_history(db: DbSession, session: Session) -> bool:
    """Someone signed in or spoke about it: its day and group are part of what they recorded."""
    if session.id is None:
        return False
    with db.no_autoflush:
        signed = db.scalar(select(func.count(Attendance.id)).where(Attendance.session_id == session.id))
        said = db.scalar(select(func.count(Feedback.id)).where(Feedback.session_id == session.id))
    return bool(signed or said)


def _cancel_reason(cancelled: bool, reason: str | None) -> str | None:
    reason = clean_text(reason, limit=LINE, field="cancel_reason", label="le motif d'annulation")
    if cancelled and not reason:
        raise SessionRuleError("Indiquez le motif d'annulation (il est montré aux participants).",
                               field="cancel_reason")
    return reason if cancelled else None


def _guests_with_history(db: DbSession, session: Session, removed: set[int]) -> bool:
    """People of a guest group taken off the session already signed in: their attendance would be orphaned."""
    if session.id is None or not removed:
        return False
    from shared.people.models import Participant

    with db.no_autoflush:
        return bool(db.scalar(select(func.count(Attendance.id)).join(Participant, Attendance.participant_id == Participant.id)
                              .where(Attendance.session_id == session.id, Participant.group_id.in_(removed))))


def _apply(db: DbSession, session: Session, *, group: Group | None, held_on: dt.date | None,
           starts_at: dt.time | None, ends_at: dt.time | None, theme: Theme | None, title: str | None,
           place: str | None, capacity: int | None, cancelled: bool, cancel_reason: str | None,
           guest_groups=None, partner: Partner | None = None, at_partner: bool = False) -> Session:
    if group is None:
        raise SessionRuleError("Choisissez le groupe.", field="group")
    if held_on is None:
        raise SessionRuleError("Indiquez la date de la séance.", field="held_on")
    if held_on != session.held_on:  # a session kept from before the bound may still be edited
        check_session_day(held_on)
    check_hours(starts_at, ends_at)
    check_capacity(capacity)
    guests = check_guest_groups(group.id, session.guest_groups if guest_groups is None else guest_groups)
    check_one_session_a_day(db, group_id=group.id, held_on=held_on, session_id=session.id, guest_groups=guests)
    check_partner_of(partner, [group.id, *(g.id for g in guests)], field="partner",
                     whose="les groupes de cette séance")
    check_partner_place(partner, bool(at_partner))
    removed = {g.id for g in session.guest_groups} - {g.id for g in guests}
    if _guests_with_history(db, session, removed):
        raise SessionRuleError("Des personnes d'un groupe invité retiré ont déjà émargé à cette séance : ce groupe "
                               "reste invité.", field="guest_groups")
    if session.id is not None and (group.id != session.group_id or held_on != session.held_on) \
            and has_history(db, session):
        raise SessionRuleError(
            "Cette séance a déjà des émargements ou des avis : son groupe et sa date ne changent plus. "
            "Annulez-la et créez la bonne séance.", field="held_on" if group.id == session.group_id else "group")
    values = dict(
        title=clean_text(title, limit=SHORT, field="title", label="l'intitulé"),
        place=clean_text(place, limit=SHORT, field="place", label="le lieu"),
        cancel_reason=_cancel_reason(bool(cancelled), cancel_reason),
    )
    session.group, session.group_id = group, group.id
    session.held_on, session.starts_at, session.ends_at = held_on, starts_at, ends_at
    session.theme, session.capacity, session.cancelled = theme, capacity, bool(cancelled)
    session.guest_groups = guests
    session.partner, session.at_partner = partner, bool(at_partner)
    for name, value in values.items():
        setattr(session, name, value)
    return session


@operation
def plan_session(db: DbSession, *, group: Group | None, held_on: dt.date | None, starts_at: dt.time | None,
                 ends_at: dt.time | None, theme: Theme | None = None, title: str | None = None,
                 place: str | None = None, capacity: int | None = None, cancelled: bool = False,
                 cancel_reason: str | None = None, guest_groups=None, partner: Partner | None = None,
                 at_partner: bool = False) -> Session:
    """A session planned by hand (an extra meeting, an outing), joint when ``guest_groups`` are invited, with or at
    a ``partner``. Raises ``SessionRuleError`` or ``PartnerRuleError``."""
    session = Session()
    _apply(db, session, group=group, held_on=held_on, starts_at=starts_at, ends_at=ends_at, theme=theme,
           title=title, place=place if place is not None else (group.location if group else None),
           capacity=capacity, cancelled=cancelled, cancel_reason=cancel_reason, guest_groups=guest_groups,
           partner=partner, at_partner=at_partner)
    db.add(session)
    return session


@operation
def update_session(db: DbSession, session: Session, *, group: Group | None, held_on: dt.date | None,
                   starts_at: dt.time | None, ends_at: dt.time | None, theme: Theme | None = None,
                   title: str | None = None, place: str | None = None, capacity: int | None = None,
                   cancelled: bool = False, cancel_reason: str | None = None, guest_groups=None,
                   partner: Partner | None = None, at_partner: bool = False, actor=None) -> Session:
    """Change a session, or cancel it (``cancelled`` with its reason): a cancelled session keeps its history.
    A joint session is changed by its host group's team (or an admin), not by a guest group's."""
    check_may_change_session(actor, session)
    return _apply(db, session, group=group, held_on=held_on, starts_at=starts_at, ends_at=ends_at, theme=theme,
                  title=title, place=place, capacity=capacity, cancelled=cancelled, cancel_reason=cancel_reason,
                  guest_groups=guest_groups, partner=partner, at_partner=at_partner)
