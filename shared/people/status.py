"""A participant's status, derived from the records as one SQL expression.

The same expression is a column of ``Participant`` (``participant.status``), the filter of the
back-office and the basis of the kiosk's list, so Python and SQL cannot disagree.

In order of precedence, on "today" (``shared.clock``):
- left: an exit on or before today that no later referral undid;
- under contract: a contract signed by all three parties, not yet over (in force or about to start);
- decision due: trial sessions used up (the group's allowance), or a past contract over with
  neither renewal nor exit: staff must decide;
- on trial: at least one trial session attended;
- referred: none of the above.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import aliased, column_property, defer

from shared import clock
from shared.contracts.models import Contract
from shared.exits.models import Exit
from shared.groups.models import Group
from shared.people.models import Participant, ParticipantStatus, Referral
from shared.sessions.models import Attendance, AttendanceStatus


def trial_sessions_attended():
    """Correlated count of trial sessions a participant attended."""
    return (
        select(func.count(Attendance.id))
        .where(
            Attendance.participant_id == Participant.id,
            Attendance.is_trial.is_(True),
            Attendance.status == AttendanceStatus.PRESENT,
        )
        .correlate(Participant)
        .scalar_subquery()
    )


def status_expression(today):
    later_referral = aliased(Referral)
    undone_by_later_referral = (
        select(later_referral.id)
        .where(later_referral.participant_id == Participant.id, later_referral.referred_on > Exit.left_on)
        .correlate_except(later_referral)
        .exists()
    )
    has_left = (
        select(Exit.id)
        .where(Exit.participant_id == Participant.id, Exit.left_on <= today, ~undone_by_later_referral)
        .correlate_except(Exit)
        .exists()
    )
    signed_not_over = (
        select(Contract.id)
        .where(Contract.participant_id == Participant.id, Contract.is_signed, Contract.last_day >= today)
        .correlate_except(Contract)
        .exists()
    )
    past_contract = (
        select(Contract.id)
        .where(Contract.participant_id == Participant.id, Contract.is_signed, Contract.last_day < today)
        .correlate_except(Contract)
        .exists()
    )
    allowance = (
        select(Group.trial_allowance).where(Group.id == Participant.group_id).correlate(Participant).scalar_subquery()
    )
    trials = trial_sessions_attended()
    return case(
        (has_left, literal(ParticipantStatus.LEFT.value)),
        (signed_not_over, literal(ParticipantStatus.UNDER_CONTRACT.value)),
        (past_contract, literal(ParticipantStatus.DECISION_DUE.value)),
        (and_(trials > 0, trials >= allowance), literal(ParticipantStatus.DECISION_DUE.value)),
        (trials > 0, literal(ParticipantStatus.ON_TRIAL.value)),
        else_=literal(ParticipantStatus.REFERRED.value),
    )


def attach_status_column() -> None:
    """Map ``Participant.status_code`` (text) once all the models it reads are defined."""
    if "status_code" not in Participant.__mapper__.attrs:
        Participant.status_code = column_property(status_expression(clock.today_param()), deferred=False)
        Participant.trial_sessions = column_property(trial_sessions_attended(), deferred=True)


def without_situation():
    """Loader option: a person loaded without ``status_code``, for the pages that name people and never show
    their situation (computed for each row, it reads their contracts, exits and trial sessions)."""
    return defer(Participant.status_code)


def status_of(participant: Participant) -> ParticipantStatus:
    return ParticipantStatus(participant.status_code)
