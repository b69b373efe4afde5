"""Named participant queries."""

from __future__ import annotations

from sqlalchemy import Select, select

from shared.people.models import Participant, ParticipantStatus

MAY_ATTEND = (
    ParticipantStatus.REFERRED,
    ParticipantStatus.ON_TRIAL,
    ParticipantStatus.DECISION_DUE,
    ParticipantStatus.UNDER_CONTRACT,
)


def with_status(*statuses: ParticipantStatus) -> Select:
    return select(Participant).where(Participant.status_code.in_([s.value for s in statuses]))


def may_attend(group_id: int) -> Select:
    """Everyone of the group who has not left, by first name: the kiosk's sign-in tiles."""
    return (
        with_status(*MAY_ATTEND)
        .where(Participant.group_id == group_id, Participant.anonymised_on.is_(None))
        .order_by(Participant.first_name, Participant.last_name)
    )


def trials_due(group_id: int | None = None) -> Select:
    """People whose trial allowance is used up: staff must decide (contract or not)."""
    query = with_status(ParticipantStatus.DECISION_DUE)
    if group_id is not None:
        query = query.where(Participant.group_id == group_id)
    return query.order_by(Participant.last_name)
