"""Report figures about contracts, objectives and exits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session as DbSession

from shared.contracts.models import Contract, Objective, ObjectiveCategory, ObjectiveStatus
from shared.exits.models import Exit, ExitDestination
from shared.partners.models import Partner, PartnerKind
from shared.people.models import Participant
from shared.reports.one_row import count_if
from shared.reports.scope import ReportScope


@dataclass(frozen=True)
class ContractFigures:
    """Signed contracts only. Signed on the day the last of the three parties signed.

    - signed: signed in the period (``first_contracts`` + ``renewals``);
    - in_force: in force on at least one day of the period (a contract over two years counts in both);
    - ended: last day in force within the period and already past (``ended_early`` of them before the planned end).
    """

    signed: int
    first_contracts: int
    renewals: int
    in_force: int
    ended: int
    ended_early: int


@dataclass(frozen=True)
class ObjectiveFigures:
    """Objectives of the contracts in force during the period, by category and latest outcome
    (the status set by the latest contract review)."""

    total: int
    by_category_and_outcome: dict[tuple[ObjectiveCategory, ObjectiveStatus], int]

    def by_category(self) -> dict[ObjectiveCategory, int]:
        return {c: sum(n for (cat, _), n in self.by_category_and_outcome.items() if cat is c) for c in ObjectiveCategory}

    def by_outcome(self) -> dict[ObjectiveStatus, int]:
        return {s: sum(n for (_, st), n in self.by_category_and_outcome.items() if st is s) for s in ObjectiveStatus}


@dataclass(frozen=True)
class ExitFigures:
    """Exits recorded with a date in the period, by actual destination."""

    total: int
    by_destination: dict[ExitDestination, int]
    # Exits towards a structure of the directory, by its kind (« Ouverture sur l'extérieur »).
    to_partners: dict[PartnerKind, int] | None = None


def signed_on_expression():
    """The latest of the three signature dates (portable: no GREATEST on SQLite)."""
    p, f, r = Contract.participant_signed_on, Contract.facilitator_signed_on, Contract.referrer_signed_on
    return case((and_(p >= f, p >= r), p), (f >= r, f), else_=r)


def in_force_during(scope: ReportScope):
    return and_(Contract.is_signed, Contract.starts_on <= scope.period_to, Contract.last_day >= scope.period_from)


def contract_counts(scope: ReportScope) -> Select:
    """One row: first contracts and renewals signed, in force, ended, ended early (see ``ContractFigures``)."""
    signed_in_period = and_(Contract.is_signed, scope.covers(signed_on_expression()))
    ended = and_(Contract.is_signed, scope.covers(Contract.last_day), Contract.last_day < scope.today)
    return select(
        count_if(and_(signed_in_period, Contract.renews_id.is_(None))).label("first_contracts"),
        count_if(and_(signed_in_period, Contract.renews_id.is_not(None))).label("renewals"),
        count_if(in_force_during(scope)).label("in_force"),
        count_if(ended).label("ended"),
        count_if(and_(ended, Contract.ended_early_on.is_not(None))).label("ended_early"),
    ).where(scope.of_group(Contract.group_id))


def contract_figures(counts: Mapping[str, Any]) -> ContractFigures:
    first, renewals = int(counts["first_contracts"]), int(counts["renewals"])
    return ContractFigures(signed=first + renewals, first_contracts=first, renewals=renewals,
                           in_force=int(counts["in_force"]), ended=int(counts["ended"]),
                           ended_early=int(counts["ended_early"]))


def objective_figures(db: DbSession, scope: ReportScope) -> ObjectiveFigures:
    rows = db.execute(
        select(Objective.category, Objective.status, func.count(Objective.id))
        .join(Contract, Contract.id == Objective.contract_id)
        .where(in_force_during(scope), scope.of_group(Contract.group_id))
        .group_by(Objective.category, Objective.status)
    ).all()
    table = {(c, s): 0 for c in ObjectiveCategory for s in ObjectiveStatus}
    for category, status, n in rows:
        table[(category, status)] += int(n)
    return ObjectiveFigures(total=sum(table.values()), by_category_and_outcome=table)


def exit_figures(db: DbSession, scope: ReportScope) -> ExitFigures:
    """An exit belongs to the group of its contract, else to the person's current group. Counted by destination,
    and by the kind of the partner structure it goes to, in the same query."""
    rows = db.execute(
        select(Exit.destination, Partner.kind, func.count(Exit.id))
        .join(Participant, Participant.id == Exit.participant_id)
        .outerjoin(Contract, Contract.id == Exit.contract_id)
        .outerjoin(Partner, Partner.id == Exit.partner_id)
        .where(scope.covers(Exit.left_on), scope.of_group(func.coalesce(Contract.group_id, Participant.group_id)))
        .group_by(Exit.destination, Partner.kind)
    ).all()
    by_destination = {d: 0 for d in ExitDestination}
    to_partners = {k: 0 for k in PartnerKind}
    for destination, kind, n in rows:
        by_destination[destination] += int(n)
        if kind is not None:
            to_partners[kind] += int(n)
    return ExitFigures(total=sum(by_destination.values()), by_destination=by_destination, to_partners=to_partners)
