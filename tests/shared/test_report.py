"""The yearly report, against a small data set whose figures are counted by hand below."""

import datetime as dt

import pytest
from sqlalchemy import event

from shared.contracts.models import ObjectiveCategory as Cat, ObjectiveStatus as St
from shared.exits.models import ExitDestination
from shared.feedback.models import FeedbackScope, Mood
from shared.feedback.operations import submit_feedback
from shared.people.models import Benefit, Gender, ParticipantStatus as PS
from shared.people.operations import record_exit
from shared.reports.figures import activity_report, yearly_report
from shared.reports.scope import ReportError
from shared.reviews.models import ReviewKind
from shared.reviews.operations import record_review
from shared.reviews.rules import PositionDraft
from shared.sessions.models import AttendanceStatus
from shared.staff.models import JobTitle
from tests.factories import set_up

D = dt.date
TODAY = D(2026, 3, 10)  # the conftest's frozen day


@pytest.fixture
def world(db, make, today):
    """Group G and group H. Comments give what each record adds to the 2025 figures of G."""
    g, h = make.group(), make.group()
    ass, cip, cesf = make.referrer(JobTitle.ASS), make.referrer(JobTitle.CIP), make.referrer(JobTitle.CESF)
    person = lambda group, referrer, on, **kw: make.participant(group, referrer, on, **kw)  # noqa: E731
    # Alice: referred 2025 by an ASS, contract C1 from Feb 2025, leaves in Aug 2025 for a training (ends C1 early).
    alice = person(g, ass, D(2025, 1, 10), gender=Gender.FEMALE, birth_year=2000, benefit=Benefit.RSA)
    c1 = make.contract(alice, starts_on=D(2025, 2, 1), ends_on=D(2025, 12, 31), objectives=("Sortir", "Santé"))
    c1.objectives[1].category = Cat.HEALTH
    set_up(db)
    record_review(db, c1, kind=ReviewKind.MID_TERM, held_on=D(2025, 5, 1), today=TODAY, positions=[
        PositionDraft(c1.objectives[0].id, St.ACHIEVED), PositionDraft(c1.objectives[1].id, St.IN_PROGRESS)])
    # Bruno: referred in 2024 by a CIP; contract C2 over two years, signed in Sept 2025.
    bruno = person(g, cip, D(2024, 11, 15), gender=Gender.MALE, birth_year=1985, benefit=Benefit.AAH)
    c2 = make.contract(bruno, starts_on=D(2025, 9, 1), ends_on=D(2026, 8, 31), objectives=("Projet pro",))
    c2.objectives[0].category = Cat.PRE_PROFESSIONAL
    # Chloé: referred 2025 by a CESF, one trial session. Daniel: referred 2025 by an ASS, nothing else.
    chloe = person(g, cesf, D(2025, 3, 1), gender=Gender.FEMALE, birth_year=1960, benefit=Benefit.RSA)
    person(g, ass, D(2025, 6, 1), gender=Gender.MALE, birth_year=None, benefit=Benefit.RMI)
    # Fanny: referred 2024; C3 (March 2024 – Feb 2025) renewed by C4 (March 2025 – Feb 2026).
    fanny = person(g, cip, D(2024, 1, 5), gender=Gender.FEMALE, birth_year=1990, benefit=Benefit.RSA)
    c3 = make.contract(fanny, starts_on=D(2024, 3, 1), ends_on=D(2025, 2, 28), objectives=("Venir",))
    c3.objectives[0].status = St.ACHIEVED
    c4 = make.contract(fanny, starts_on=D(2025, 3, 1), ends_on=D(2026, 2, 28), renews=c3, objectives=("Formation",))
    c4.objectives[0].category, c4.objectives[0].status = Cat.PRE_PROFESSIONAL, St.IN_PROGRESS
    set_up(db)
    # Eve: referred in 2023, nothing since: not followed in 2025.
    person(g, ass, D(2023, 5, 1))
    # Sessions of G: three held in 2025, one cancelled; two in 2026 (one still to come).
    s1, s2, s3 = (make.session(g, D(2025, 3, 13)), make.session(g, D(2025, 4, 10)), make.session(g, D(2025, 9, 11)))
    make.session(g, D(2025, 5, 29), cancelled=True, cancel_reason="Ascension")
    s2026 = make.session(g, D(2026, 1, 8))
    make.session(g, D(2026, 4, 9))
    make.attendance(s1, alice, is_trial=False)
    make.attendance(s1, chloe, is_trial=True)
    make.attendance(s2, alice, is_trial=False, status=AttendanceStatus.ABSENT)
    make.attendance(s3, bruno, is_trial=False)
    make.attendance(s2026, bruno, is_trial=False)
    for session, moods in ((s1, (4, 3, 2)), (s3, (4, 4))):
        for mood in moods:
            submit_feedback(db, session=session, scope=FeedbackScope.COLLECTIVE, mood=Mood(str(mood)))
    record_exit(db, alice, left_on=D(2025, 8, 5), destination=ExitDestination.TRAINING)
    # Hugo, in group H: referred 2025 by a CIP, one session, moved away in Oct 2025.
    hugo = person(h, cip, D(2025, 2, 1), gender=Gender.MALE, birth_year=1970, benefit=Benefit.RSA)
    make.attendance(make.session(h, D(2025, 3, 20)), hugo)
    record_exit(db, hugo, left_on=D(2025, 10, 1), destination=ExitDestination.MOVED_AWAY)
    return g, h


def test_sessions_and_attendance_of_a_year(db, world):
    g, _ = world
    report = yearly_report(db, 2025, group_id=g.id, today=TODAY)
    assert (report.sessions.held, report.sessions.cancelled, report.sessions.planned) == (3, 1, 0)
    a = report.attendance
    # Present: Alice and Chloé at S1, Bruno at S3. Expected under contract: Alice at S1, S2 (her contract
    # ended early in Aug), Fanny at S1, S2, S3, Bruno at S3 = 6; plus Chloé on trial = 7.
    assert (a.present, a.present_under_contract, a.present_on_trial, a.expected) == (3, 2, 1, 7)
    assert a.per_session == 1.0
    assert a.rate == pytest.approx(3 / 7, abs=1e-4)


def test_people_by_status_gender_age_band_and_benefit(db, world):
    g, _ = world
    people = yearly_report(db, 2025, group_id=g.id, today=TODAY).people
    assert people.total == 5  # Alice, Bruno, Chloé, Daniel, Fanny (not Eve, not Hugo)
    assert people.by_status == {PS.LEFT: 1, PS.UNDER_CONTRACT: 2, PS.ON_TRIAL: 1, PS.REFERRED: 1,
                                PS.DECISION_DUE: 0}
    assert people.by_gender == {Gender.FEMALE: 3, Gender.MALE: 2, Gender.OTHER: 0}
    assert people.by_age_band == {"< 26 ans": 1, "26–39 ans": 1, "40–49 ans": 1, "50–59 ans": 0,
                                  "60 ans et plus": 1, "Âge inconnu": 1}
    assert people.by_benefit == {Benefit.RSA: 3, Benefit.AAH: 1, Benefit.RMI: 1, Benefit.ASS: 0,
                                 Benefit.NONE: 0, Benefit.OTHER: 0}


def test_referrals_by_the_referrers_job(db, world):
    g, _ = world
    referrals = yearly_report(db, 2025, group_id=g.id, today=TODAY).referrals
    assert referrals.by_job == {JobTitle.ASS: 2, JobTitle.CIP: 0, JobTitle.CESF: 1, JobTitle.ASS_RMI: 0}
    assert referrals.total == 3


def test_contracts_objectives_and_exits(db, world):
    g, _ = world
    report = yearly_report(db, 2025, group_id=g.id, today=TODAY)
    c = report.contracts
    # Signed in 2025: C1, C2 and the renewal C4. In force: C1, C2, C3, C4. Ended: C3, and C1 (early).
    assert (c.signed, c.first_contracts, c.renewals, c.in_force, c.ended, c.ended_early) == (3, 2, 1, 4, 2, 1)
    o = report.objectives
    assert o.total == 5
    assert {k: n for k, n in o.by_category_and_outcome.items() if n} == {
        (Cat.SOCIAL_TIES, St.ACHIEVED): 2, (Cat.HEALTH, St.IN_PROGRESS): 1,
        (Cat.PRE_PROFESSIONAL, St.OPEN): 1, (Cat.PRE_PROFESSIONAL, St.IN_PROGRESS): 1}
    assert o.by_outcome() == {St.ACHIEVED: 2, St.IN_PROGRESS: 2, St.OPEN: 1, St.DROPPED: 0}
    assert o.by_category()[Cat.PRE_PROFESSIONAL] == 2
    assert report.exits.total == 1
    assert {d: n for d, n in report.exits.by_destination.items() if n} == {ExitDestination.TRAINING: 1}


def test_moods_average_only_from_three_answers(db, world):
    g, _ = world
    moods = yearly_report(db, 2025, group_id=g.id, today=TODAY).moods
    assert moods.answers == 5
    assert moods.average == 3.4  # (4 + 3 + 2 + 4 + 4) / 5
    assert moods.by_mood == {Mood.VERY_GOOD: 3, Mood.GOOD: 1, Mood.BAD: 1, Mood.VERY_BAD: 0}
    # S1 had 3 answers (average 3), S3 only 2: no average shown for it.
    assert [(s.held_on, s.answers, s.average) for s in moods.sessions] == [(D(2025, 3, 13), 3, 3.0)]


def test_a_contract_over_two_years_is_signed_in_one_and_in_force_in_both(db, world):
    g, _ = world
    report = yearly_report(db, 2026, group_id=g.id, today=TODAY)
    # 2026 so far: C2 (signed Sept 2025) and C4 (ended 28 Feb 2026) in force; nothing signed.
    c = report.contracts
    assert (c.signed, c.in_force, c.ended) == (0, 2, 1)
    assert (report.sessions.held, report.sessions.planned) == (1, 1)
    assert report.people.total == 2  # Bruno and Fanny
    assert report.moods.average is None and report.moods.by_mood is None


def test_all_groups_together(db, world):
    report = yearly_report(db, 2025, today=TODAY)
    assert (report.sessions.held, report.people.total, report.referrals.total) == (4, 6, 4)
    assert report.referrals.by_job == {JobTitle.ASS: 2, JobTitle.CIP: 1, JobTitle.CESF: 1, JobTitle.ASS_RMI: 0}
    assert {d: n for d, n in report.exits.by_destination.items() if n} == {
        ExitDestination.TRAINING: 1, ExitDestination.MOVED_AWAY: 1}
    assert (report.attendance.present, report.attendance.expected) == (4, 8)


def test_several_groups_together_leave_the_others_out(db, world, make):
    """A facilitator's "all my groups": G and H together, not K (a third group with its own activity)."""
    g, h = world
    k = make.group()
    kim = make.participant(k, make.referrer(JobTitle.ASS_RMI), D(2025, 4, 1), gender=Gender.FEMALE)
    k_session = make.session(k, D(2025, 4, 3))
    make.attendance(k_session, kim)
    for mood in (1, 1, 1):
        submit_feedback(db, session=k_session, scope=FeedbackScope.COLLECTIVE, mood=Mood(str(mood)))
    report = activity_report(db, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31), group_ids=[g.id, h.id],
                             today=TODAY)
    # G: 3 sessions held, 5 people, 3 referrals; H: 1 session, Hugo, 1 referral by a CIP.
    assert (report.sessions.held, report.sessions.cancelled, report.people.total, report.referrals.total) == (4, 1, 6, 4)
    assert report.referrals.by_job == {JobTitle.ASS: 2, JobTitle.CIP: 1, JobTitle.CESF: 1, JobTitle.ASS_RMI: 0}
    assert report.people.by_gender == {Gender.FEMALE: 3, Gender.MALE: 3, Gender.OTHER: 0}
    assert (report.attendance.present, report.attendance.expected) == (4, 8)
    assert report.exits.total == 2
    # Only G's five moods (K's three "very bad" are out): same average and sessions as G alone.
    assert (report.moods.answers, report.moods.average) == (5, 3.4)
    assert [(s.held_on, s.answers) for s in report.moods.sessions] == [(D(2025, 3, 13), 3)]
    # With K, every group: one more session, person, referral (by an ASS RMI) and three moods.
    everything = yearly_report(db, 2025, today=TODAY)
    assert (everything.sessions.held, everything.people.total, everything.referrals.by_job[JobTitle.ASS_RMI],
            everything.moods.answers) == (5, 7, 1, 8)


def test_an_empty_list_of_groups_gives_an_empty_report(db, world):
    report = activity_report(db, period_from=D(2025, 1, 1), period_to=D(2025, 12, 31), group_ids=[], today=TODAY)
    assert (report.sessions.held, report.people.total, report.referrals.total, report.contracts.in_force,
            report.exits.total, report.moods.answers) == (0, 0, 0, 0, 0, 0)


def test_a_group_sees_only_its_own_figures(db, world):
    g, h = world
    h_report = yearly_report(db, 2025, group_id=h.id, today=TODAY)
    assert (h_report.sessions.held, h_report.people.total, h_report.referrals.by_job[JobTitle.CIP]) == (1, 1, 1)
    assert h_report.exits.by_destination[ExitDestination.MOVED_AWAY] == 1
    assert h_report.attendance.expected == 1 and h_report.attendance.rate == 1.0


def test_an_empty_period_gives_zeros_and_no_rates(db, world):
    g, _ = world
    report = yearly_report(db, 2022, group_id=g.id, today=TODAY)
    assert (report.sessions.held, report.attendance.present, report.people.total, report.referrals.total,
            report.contracts.signed, report.objectives.total, report.exits.total, report.moods.answers) == (
        0, 0, 0, 0, 0, 0, 0, 0)
    assert report.attendance.per_session is None and report.attendance.rate is None
    assert report.moods.average is None


def test_a_period_ending_before_it_starts_is_refused(db):
    with pytest.raises(ReportError, match="après son début"):
        activity_report(db, period_from=D(2025, 2, 1), period_to=D(2025, 1, 31), today=TODAY)


def _group_with(make, db, n):
    group = make.group()
    sessions = [make.session(group, D(2025, 3, 13)), make.session(group, D(2025, 3, 27))]
    for i in range(n):
        participant = make.participant(group, referred_on=D(2025, 1, 2), birth_year=1950 + i)
        make.contract(participant, starts_on=D(2025, 2, 1), ends_on=D(2025, 12, 31))
        for session in sessions:
            make.attendance(session, participant, is_trial=False)
            submit_feedback(db, session=session, scope=FeedbackScope.PERSONAL, mood=Mood.GOOD)
    if n:
        record_exit(db, participant, left_on=D(2025, 6, 1), destination=ExitDestination.EMPLOYMENT)
    db.flush()
    return group


def _queries_for_report(db, group) -> int:
    statements = []
    connection = db.connection()

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        report = yearly_report(db, 2025, group_id=group.id, today=TODAY)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert report.people.total in (3, 30)
    return len(statements)


def test_the_report_runs_a_fixed_number_of_queries_whatever_the_number_of_people(db, make, today):
    small = _queries_for_report(db, _group_with(make, db, 3))
    large = _queries_for_report(db, _group_with(make, db, 30))
    assert small == large
    # The one-row counts (sessions, attendance, contracts) in one statement, then one GROUP BY each for
    # people, referrals, objectives, exits, moods and moods per session; one for the group's decisions; one for
    # the joint sessions and partners met (« Ouverture sur l'extérieur », issue #32).
    assert small == 9
