"""The department-scale generator, on its small scale: exact counts, the domain's rules on every row
(checked by the same rule functions the app calls), and the same rows on every run."""

from __future__ import annotations

from collections import defaultdict

import pytest
from sqlalchemy import select

from shared.contracts.models import Contract, Objective
from shared.contracts.rules import latest_end_for, validate_contract
from shared.demo.scale import SCALES, generate
from shared.errors import DomainError
from shared.exits.models import Exit, ExitPlan
from shared.exits.rules import check_exit_plan
from shared.feedback.models import Feedback
from shared.groups.closures import MAX_CLOSURE_DAYS, GroupClosure
from shared.groups.models import Group
from shared.kiosk.models import Device
from shared.kiosk.offline_models import ConfirmationStatus, PendingAttendance
from shared.messaging.models import Channel, Message, MessageConsent, MessageState
from shared.models import Base
from shared.people.models import Participant, ParticipantStatus, Referral
from shared.reviews.models import ContractReview, ObjectivePosition
from shared.reviews.rules import check_review_date
from shared.sessions.models import Attendance, AttendanceStatus, Session

SMALL = SCALES["small"]
SECRET_COLUMNS = {"password_hash", "pin_hash"}


@pytest.fixture
def generated(db, today):
    result = generate(db.connection(), SMALL, today=today, password="mot-de-passe-bench")
    db.expire_all()
    return result


def _all(db, model):
    return db.scalars(select(model)).all()


def test_counts_are_the_scale_asked_for(db, generated):
    assert len(_all(db, Group)) >= SMALL.groups
    assert generated.counts["group"] == SMALL.groups
    assert generated.counts["participant"] == SMALL.participants
    assert generated.counts["attendance"] == SMALL.attendances
    assert generated.counts["feedback"] == SMALL.feedback
    assert generated.counts["contract"] > SMALL.participants // 2
    assert min(generated.counts[t] for t in ("contract_review", "exit_plan", "exit", "referral", "walk_in",
                                             "group_closure", "device", "message_consent", "message",
                                             "pending_attendance")) > 0


def test_people_are_at_every_stage_of_their_path(db, generated):
    statuses = {p.status_code for p in _all(db, Participant)}
    assert statuses == {s.value for s in ParticipantStatus}
    renewals = db.scalars(select(Contract).where(Contract.renews_id.is_not(None))).all()
    assert renewals


def test_every_contract_passes_the_rules_the_app_checks(db, generated, today):
    for contract in _all(db, Contract):
        validate_contract(db, contract)  # 18 months, one in force a day, renewal with a new objective...
        assert contract.ends_on <= latest_end_for(contract.starts_on)


def test_attendance_only_at_sessions_held_by_the_group_between_referral_and_exit(db, generated, today):
    referred = {r.participant_id: r.referred_on for r in _all(db, Referral)}
    left = {e.participant_id: e.left_on for e in _all(db, Exit)}
    contracts = defaultdict(list)
    for contract in _all(db, Contract):
        contracts[contract.participant_id].append(contract)
    rows = db.execute(select(Attendance, Session, Participant).join(Session).join(Participant)).all()
    assert rows
    for attendance, session, person in rows:
        assert not session.cancelled and session.held_on < today
        assert session.group_id == person.group_id
        assert referred[person.id] <= session.held_on <= left.get(person.id, today)
        in_force = any(c.in_force_on(session.held_on) for c in contracts[person.id])
        assert attendance.is_trial is not in_force


def test_trial_sessions_come_before_the_first_contract_within_the_allowance(db, generated):
    first_start = {}
    for contract in _all(db, Contract):
        if contract.is_signed:
            first_start[contract.participant_id] = min(contract.starts_on, first_start.get(contract.participant_id,
                                                                                          contract.starts_on))
    trials = defaultdict(list)
    for attendance, session in db.execute(select(Attendance, Session).join(Session).where(Attendance.is_trial)):
        assert attendance.status is AttendanceStatus.PRESENT
        trials[attendance.participant_id].append(session.held_on)
    for person in _all(db, Participant):
        assert len(trials[person.id]) <= person.group.trial_allowance
        if person.id in first_start and trials[person.id]:
            assert max(trials[person.id]) < first_start[person.id]


def test_exits_end_the_running_contract_and_plans_and_reviews_fall_within_it(db, generated, today):
    for exit_ in _all(db, Exit):
        assert exit_.left_on <= today
        running = db.scalars(select(Contract).where(
            Contract.participant_id == exit_.participant_id, Contract.is_signed,
            Contract.starts_on <= exit_.left_on, Contract.last_day > exit_.left_on)).all()
        assert running == []
    for plan in _all(db, ExitPlan):
        check_exit_plan(plan.contract, plan.destination, plan.target_on)
    for review in _all(db, ContractReview):
        assert review.contract.is_signed
        check_review_date(review.contract, review.kind, review.held_on, today)
    latest = {}
    for position, review in db.execute(select(ObjectivePosition, ContractReview).join(ContractReview)
                                       .order_by(ContractReview.held_on)):
        assert position.objective.contract_id == review.contract_id
        latest[position.objective_id] = position.status
    for objective_id, status in latest.items():
        assert db.get(Objective, objective_id).status is status


def test_feedback_at_held_sessions_signed_only_by_someone_present(db, generated, today):
    present = {(a.session_id, a.participant_id) for a in _all(db, Attendance) if a.status is AttendanceStatus.PRESENT}
    for item, session in db.execute(select(Feedback, Session).join(Session)):
        assert item.given_on == session.held_on < today and not session.cancelled
        if item.participant_id is not None:
            assert (session.id, item.participant_id) in present


def test_last_contact_is_the_latest_of_referral_presence_and_exit(db, generated):
    latest = defaultdict(list)
    for referral in _all(db, Referral):
        latest[referral.participant_id].append(referral.referred_on)
    for exit_ in _all(db, Exit):
        latest[exit_.participant_id].append(exit_.left_on)
    for attendance, session in db.execute(select(Attendance, Session).join(Session)
                                          .where(Attendance.status == AttendanceStatus.PRESENT)):
        latest[attendance.participant_id].append(session.held_on)
    for person in _all(db, Participant):
        assert person.last_contact_on == max(latest[person.id])


def test_groups_close_in_summer_and_at_year_end_and_no_session_falls_then(db, generated):
    closures = defaultdict(list)
    for closure in _all(db, GroupClosure):
        assert closure.starts_on <= closure.ends_on and (closure.ends_on - closure.starts_on).days < MAX_CLOSURE_DAYS
        closures[closure.group_id].append(closure)
    assert {c.label for group in closures.values() for c in group} == {"congés d'été", "fermeture de fin d'année"}
    for session in _all(db, Session):
        assert not any(c.covers(session.held_on) for c in closures[session.group_id]), session.held_on


def test_reminders_go_only_to_people_who_agreed_and_came(db, generated, today):
    consents = {c.participant_id: c for c in _all(db, MessageConsent)}
    present = {(a.session_id, a.participant_id) for a in _all(db, Attendance) if a.status is AttendanceStatus.PRESENT}
    for message in _all(db, Message):
        consent = consents[message.participant_id]
        assert consent.channel is message.channel is Channel.SMS and message.address == consent.address
        assert consent.given_on <= message.session.held_on < today and consent.withdrawn_on is None
        assert (message.session_id, message.participant_id) in present
        assert message.state is MessageState.SENT and message.session.group.name in message.body


def test_sign_ins_to_confirm_come_from_the_group_s_tablet(db, generated):
    recorded = {(a.session_id, a.participant_id) for a in _all(db, Attendance)}
    for pending in _all(db, PendingAttendance):
        assert pending.status is ConfirmationStatus.PENDING
        assert pending.session.group_id == pending.device.group_id == pending.participant.group_id
        assert pending.device.is_active and (pending.session_id, pending.participant_id) not in recorded
    assert {d.group_id for d in _all(db, Device) if d.is_active} == {g.id for g in _all(db, Group)
                                                                     if g.name.startswith("ID'MIX ")}


def _dump(connection) -> dict:
    tables = {}
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.c if c.name not in SECRET_COLUMNS]
        tables[table.name] = sorted(tuple(map(str, row)) for row in connection.execute(select(*columns)))
    return tables


def test_two_runs_give_the_same_rows(db, today):
    connection = db.connection()
    dumps = []
    for _ in range(2):
        savepoint = connection.begin_nested()
        generate(connection, SMALL, today=today, password="mot-de-passe-bench")
        dumps.append(_dump(connection))
        savepoint.rollback()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["attendance"]) == SMALL.attendances


def test_a_second_run_on_the_same_database_is_refused(db, generated, today):
    with pytest.raises(DomainError, match="déjà"):
        generate(db.connection(), SMALL, today=today, password="mot-de-passe-bench")

