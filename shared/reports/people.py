"""Report figures about people: by status, gender, age band and benefit; referrals by the referrer's job."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, case, func, literal, select, union
from sqlalchemy.orm import Session as DbSession

from shared.contracts.models import Contract
from shared.people.models import Benefit, Gender, Participant, ParticipantStatus, Referral
from shared.people.status import status_expression
from shared.reports.scope import ReportScope
from shared.reports.sessions import held_condition
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.staff.models import JobTitle, StaffMember

# Age from the birth year at the period's end (we only know the year).
AGE_BANDS = ("< 26 ans", "26–39 ans", "40–49 ans", "50–59 ans", "60 ans et plus")
UNKNOWN_AGE = "Âge inconnu"
REFERRER_JOB_ORDER = (JobTitle.ASS, JobTitle.CIP, JobTitle.CESF, JobTitle.ASS_RMI)


@dataclass(frozen=True)
class PeopleFigures:
    """People followed in the period: referred in it, present at a session held in it, or with a
    signed contract running during it (for the group, or any group). Status as on the period's
    last day (or today while the period runs)."""

    total: int
    by_status: dict[ParticipantStatus, int]
    by_gender: dict[Gender, int]
    by_age_band: dict[str, int]  # AGE_BANDS then UNKNOWN_AGE
    by_benefit: dict[Benefit, int]


@dataclass(frozen=True)
class ReferralFigures:
    """Referrals dated in the period, by the referring social worker's job."""

    total: int
    by_job: dict[JobTitle, int]


def people_followed(scope: ReportScope):
    """Ids of the people followed in the period (a UNION, usable in ``IN``)."""
    referred = select(Referral.participant_id).where(
        scope.covers(Referral.referred_on), scope.of_group(Referral.group_id))
    present = (
        select(Attendance.participant_id)
        .join(Session, Session.id == Attendance.session_id)
        .where(held_condition(scope), Attendance.status == AttendanceStatus.PRESENT)
    )
    under_contract = select(Contract.participant_id).where(
        Contract.is_signed, Contract.starts_on <= scope.period_to, Contract.last_day >= scope.period_from,
        scope.of_group(Contract.group_id))
    return union(referred, present, under_contract)


def age_band_expression(year: int):
    age = literal(year) - Participant.birth_year
    return case(
        (Participant.birth_year.is_(None), literal(UNKNOWN_AGE)),
        (age < 26, literal(AGE_BANDS[0])),
        (age < 40, literal(AGE_BANDS[1])),
        (age < 50, literal(AGE_BANDS[2])),
        (age < 60, literal(AGE_BANDS[3])),
        else_=literal(AGE_BANDS[4]),
    )


def people_figures(db: DbSession, scope: ReportScope) -> PeopleFigures:
    """One GROUP BY query over (status, gender, benefit, age band), folded here."""
    people = (
        select(
            status_expression(scope.last_day_so_far).label("status"),
            Participant.gender.label("gender"),
            Participant.benefit.label("benefit"),
            age_band_expression(scope.period_to.year).label("band"),
        )
        .where(Participant.id.in_(people_followed(scope)))
        .subquery()
    )
    rows = db.execute(
        select(people.c.status, people.c.gender, people.c.benefit, people.c.band, func.count().label("n"))
        .group_by(people.c.status, people.c.gender, people.c.benefit, people.c.band)
    ).all()
    status, gender, benefit, band = Counter(), Counter(), Counter(), Counter()
    for row in rows:
        status[ParticipantStatus(row.status)] += row.n
        gender[row.gender] += row.n
        benefit[row.benefit] += row.n
        band[row.band] += row.n
    return PeopleFigures(
        total=sum(row.n for row in rows),
        by_status={s: status[s] for s in ParticipantStatus},
        by_gender={g: gender[g] for g in Gender},
        by_age_band={b: band[b] for b in (*AGE_BANDS, UNKNOWN_AGE)},
        by_benefit={b: benefit[b] for b in Benefit},
    )


def referral_figures(db: DbSession, scope: ReportScope) -> ReferralFigures:
    rows = db.execute(
        select(StaffMember.job_title, func.count(Referral.id))
        .join(StaffMember, StaffMember.id == Referral.referrer_id)
        .where(and_(scope.covers(Referral.referred_on), scope.of_group(Referral.group_id)))
        .group_by(StaffMember.job_title)
    ).all()
    by_job = {job: 0 for job in REFERRER_JOB_ORDER}
    for job, n in rows:
        by_job[job] = by_job.get(job, 0) + int(n)
    return ReferralFigures(total=sum(by_job.values()), by_job=by_job)
