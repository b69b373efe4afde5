"""« Valorisation des personnes »: attestations de parcours issued during the period, and the skills they recognise.
A one-row aggregate, read with the report's other one-row counts (``shared.reports.one_row``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select

from shared.attestations.models import Attestation, AttestationItem, ItemKind
from shared.reports.scope import ReportScope


@dataclass(frozen=True)
class AttestationFigures:
    issued: int  # attestations issued during the period (a reissue counts again; revoked later or not)
    people: int  # different people who received one
    skills: int  # skills recognised on the attestations of the period still valid


def attestation_counts(scope: ReportScope) -> Select:
    issued = select(Attestation.id, Attestation.participant_id, Attestation.revoked_on).where(
        scope.of_group(Attestation.group_id), scope.covers(Attestation.issued_on)).subquery()
    valid = select(issued.c.id).where(issued.c.revoked_on.is_(None))
    return select(
        select(func.count()).select_from(issued).scalar_subquery().label("issued"),
        select(func.count(func.distinct(issued.c.participant_id))).scalar_subquery().label("people"),
        select(func.count(AttestationItem.id)).where(
            AttestationItem.attestation_id.in_(valid), AttestationItem.kind == ItemKind.SKILL,
            AttestationItem.included.is_(True)).scalar_subquery().label("skills"),
    )


def attestation_figures(row: dict) -> AttestationFigures:
    return AttestationFigures(issued=row["issued"] or 0, people=row["people"] or 0, skills=row["skills"] or 0)
