"""Named queries of the attestations: a person's journey as an attestation or the tablet may show it, the
attestations and requests of a person, and the yearly figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared.alphabetical import sort_key
from shared.attestations.models import Attestation, AttestationItem, AttestationRequest, ItemKind
from shared.contracts.models import Contract, Objective, ObjectiveStatus
from shared.groups.models import Theme
from shared.reviews.models import ObjectivePosition
from shared.sessions.models import Attendance, AttendanceStatus, Session


@dataclass(frozen=True)
class Journey:
    """What a person did in a group: only sessions they were present at (absences are never counted here)."""

    first_on: dt.date | None
    last_on: dt.date | None
    sessions: int
    themes: list[tuple[str, str]]  # (name, pictogram) of the themes of those sessions, each once

    @property
    def theme_names(self) -> list[str]:
        return [name for name, _ in self.themes]


def _present(participant_id: int, group_id: int, since: dt.date | None = None):
    where = [Attendance.participant_id == participant_id, Attendance.status == AttendanceStatus.PRESENT,
             Session.group_id == group_id, Session.cancelled.is_(False)]
    if since is not None:
        where.append(Session.held_on >= since)
    return where


def journey(db: DbSession, participant_id: int, group_id: int, *, since: dt.date | None = None,
            until: dt.date | None = None) -> Journey:
    where = _present(participant_id, group_id, since)
    if until is not None:
        where.append(Session.held_on <= until)
    first_on, last_on, count = db.execute(
        select(func.min(Session.held_on), func.max(Session.held_on), func.count(Attendance.id))
        .select_from(Attendance).join(Session, Session.id == Attendance.session_id).where(*where)).one()
    themes = db.execute(
        select(Theme.name, Theme.pictogram).distinct().select_from(Attendance).join(Session, Session.id == Attendance.session_id)
        .join(Theme, Theme.id == Session.theme_id).where(*where)).all()
    themes = sorted(themes, key=lambda theme: sort_key(theme.name))  # DISTINCT: ordered here, not by the fold in SQL
    return Journey(first_on, last_on, count or 0, [(name, pictogram) for name, pictogram in themes])


def objectives_reached(participant_id: int):
    """The objectives a review marked reached (« Atteint »), oldest contract first: their wording only."""
    reached = select(ObjectivePosition.objective_id).where(ObjectivePosition.status == ObjectiveStatus.ACHIEVED)
    return (select(Objective).join(Contract, Contract.id == Objective.contract_id)
            .where(Contract.participant_id == participant_id, Objective.id.in_(reached))
            .order_by(Contract.starts_on, Objective.id))


def attestations_of(participant_id: int):
    return (select(Attestation).where(Attestation.participant_id == participant_id)
            .order_by(Attestation.issued_on.desc(), Attestation.id.desc()))


def by_code(code: str):
    return select(Attestation).where(Attestation.code == code)


def pending_requests(participant_id: int | None = None):
    query = select(AttestationRequest).where(AttestationRequest.answered_on.is_(None))
    if participant_id is not None:
        query = query.where(AttestationRequest.participant_id == participant_id)
    return query.order_by(AttestationRequest.requested_on)


def skills_recognised(participant_id: int):
    """The skills of the person's valid attestations (not revoked), each once."""
    return (select(AttestationItem.text).distinct().join(Attestation)
            .where(Attestation.participant_id == participant_id, Attestation.revoked_on.is_(None),
                   AttestationItem.kind == ItemKind.SKILL, AttestationItem.included.is_(True))
            .order_by(AttestationItem.text))

