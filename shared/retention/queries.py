"""The last contact with a person, defined once, and who is due for anonymisation.

A contact is any dated record of the person's support: a referral, a session attended (present or
excused), a contract (its start, each signature, and the last day of a signed contract, even if still
ahead), a contract review, an exit, a feedback item they signed, and the "last contact" date staff keep
on the person's record. The last contact is the latest of these; a person with none is never due.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, func, literal, select, union_all

from shared.contracts.models import Contract
from shared.exits.models import Exit
from shared.feedback.models import Feedback
from shared.groups.models import Group
from shared.labels import LabelledEnum
from shared.people.models import Participant, Referral
from shared.reviews.models import ContractReview
from shared.sessions.models import Attendance, AttendanceStatus, Session


class ContactKind(LabelledEnum):
    REFERRAL = ("referral", "orientation")
    ATTENDANCE = ("attendance", "séance")
    CONTRACT = ("contract", "contrat")
    REVIEW = ("review", "bilan de contrat")
    EXIT = ("exit", "sortie")
    FEEDBACK = ("feedback", "avis signé")
    RECORDED = ("recorded", "dernier contact noté sur la fiche")


def _dated(kind: ContactKind, participant_id, day, *conditions) -> Select:
    query = select(participant_id.label("participant_id"), day.label("contact_on"), literal(kind.value).label("kind"))
    return query.where(day.is_not(None), *conditions)


def contact_dates():
    """Every dated contact as rows ``(participant_id, contact_on, kind)`` (a UNION ALL)."""
    contract_days = [Contract.starts_on, Contract.participant_signed_on, Contract.facilitator_signed_on,
                     Contract.referrer_signed_on]
    return union_all(
        _dated(ContactKind.REFERRAL, Referral.participant_id, Referral.referred_on),
        _dated(ContactKind.ATTENDANCE, Attendance.participant_id, Session.held_on,
               Attendance.status != AttendanceStatus.ABSENT).join_from(Attendance, Session,
                                                                        Session.id == Attendance.session_id),
        *(_dated(ContactKind.CONTRACT, Contract.participant_id, day) for day in contract_days),
        _dated(ContactKind.CONTRACT, Contract.participant_id, Contract.last_day, Contract.is_signed),
        _dated(ContactKind.REVIEW, Contract.participant_id, ContractReview.held_on).join_from(
            ContractReview, Contract, Contract.id == ContractReview.contract_id),
        _dated(ContactKind.EXIT, Exit.participant_id, Exit.left_on),
        _dated(ContactKind.FEEDBACK, Feedback.participant_id, Feedback.given_on, Feedback.participant_id.is_not(None)),
        _dated(ContactKind.RECORDED, Participant.id, Participant.last_contact_on),
    )


def last_contacts() -> Select:
    """Rows ``(participant_id, last_contact_on)``: the latest contact of every person who has one."""
    dates = contact_dates().subquery("contact_dates")
    return (
        select(dates.c.participant_id, func.max(dates.c.contact_on).label("last_contact_on"))
        .group_by(dates.c.participant_id)
    )


def due_for_anonymisation(cutoff: dt.date) -> Select:
    """People not yet anonymised whose last contact is before ``cutoff``, oldest contact first.

    Rows ``(id, first_name, last_name, group_name, last_contact_on)``.
    """
    last = last_contacts().subquery("last_contacts")
    return (
        select(Participant.id, Participant.first_name, Participant.last_name, Group.name.label("group_name"),
               last.c.last_contact_on)
        .join(last, last.c.participant_id == Participant.id)
        .join(Group, Group.id == Participant.group_id)
        .where(Participant.anonymised_on.is_(None), last.c.last_contact_on < cutoff)
        .order_by(last.c.last_contact_on, Participant.id)
    )


def latest_contact_kinds(participant_ids) -> Select:
    """Rows ``(participant_id, kind, contact_on)``: each kind's latest date, for the people given."""
    dates = contact_dates().subquery("contact_dates")
    return (
        select(dates.c.participant_id, dates.c.kind, func.max(dates.c.contact_on).label("contact_on"))
        .where(dates.c.participant_id.in_(participant_ids))
        .group_by(dates.c.participant_id, dates.c.kind)
    )
