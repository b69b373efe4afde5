"""Retention: who is due for anonymisation (last contact more than 24 months ago), what the purge
removes and keeps (past reports unchanged), the audit trail, and the feedback table's physical order."""

import datetime as dt
import json
import uuid
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text

from shared.audit import recorder
from shared.audit.models import AuditAction, AuditEntry
from shared.contracts.models import ObjectiveStatus
from shared.exits.models import Exit, ExitDestination, ExitPlan
from shared.exits.operations import plan_exit
from shared.feedback.models import Feedback, FeedbackScope, Mood
from shared.feedback.operations import submit_feedback
from shared.kiosk.models import WalkIn
from shared.kiosk.walk_ins import discard_walk_in
from shared.maintenance.storage import reorder_feedback
from shared.people.models import Benefit, Gender, Participant, Referral
from shared.people.operations import record_exit
from shared.reports.figures import activity_report
from shared.retention.anonymisation import (
    ANONYMOUS_OBJECTIVE, ANONYMOUS_WALK_IN, SCRUBBED, plan_purge, purge,
)
from shared.retention.policy import RetentionError, retention_cutoff, retention_months
from shared.retention.queries import ContactKind
from shared.reviews.models import ContractReview, LifeArea, ReviewKind, SelfRating
from shared.reviews.operations import delete_review, record_review
from shared.reviews.rules import PositionDraft
from shared.sessions.models import AttendanceStatus
from shared.staff.models import Role
from tests.factories import set_up

D = dt.date
CUTOFF = D(2024, 3, 10)  # today (2026-03-10) minus 24 months
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def world(db, make, today):
    """Nadia left in July 2023 after a contract, a review and an exit plan; Marc still comes."""
    recorder.install(db)  # as in the back-office: every change leaves an audit entry with its values
    group = make.group()
    facilitator = make.facilitator(group)
    nadia = make.participant(group, referred_on=D(2022, 9, 1), first_name="Nadia", last_name="Zerrouki",
                             gender=Gender.FEMALE, birth_year=1971, town="Bourg-Vieux", phone="06 11 22 33 44",
                             benefit=Benefit.RSA, pin_hash="argon2-hash", consent_on=D(2022, 9, 1))
    nadia.referrals[0].reason = "Isolement après le décès de son mari"
    contract = make.contract(nadia, starts_on=D(2022, 10, 1), ends_on=D(2023, 6, 30), facilitator=facilitator,
                             objectives=("Renouer avec sa sœur Samia",), expectations="Reprendre confiance")
    sessions = [make.session(group, held_on=day) for day in (D(2022, 10, 13), D(2023, 3, 9), D(2023, 6, 22))]
    for session in sessions:
        make.attendance(session, nadia, is_trial=False)
    record_review(db, contract, kind=ReviewKind.FINAL, held_on=D(2023, 6, 22), today=D(2023, 6, 22),
                  positions=[PositionDraft(contract.objectives[0].id, ObjectiveStatus.ACHIEVED, "Appelle Samia")],
                  next_steps="Chantier d'insertion à Bourg-Vieux", self_ratings={LifeArea.CONFIDENCE: 3})
    plan_exit(db, contract, destination=ExitDestination.TRAINING, target_on=D(2023, 7, 1),
              steps="Rencontrer Mme Durand à la mission locale", partners="Mission locale de Bourg-Vieux")
    record_exit(db, nadia, left_on=D(2023, 7, 1), destination=ExitDestination.TRAINING, comment="Formation CAP cuisine")
    signed = submit_feedback(db, session=sessions[1], scope=FeedbackScope.PERSONAL, mood=Mood.GOOD,
                             text="Merci à tous", participant=nadia)
    anonymous = submit_feedback(db, session=sessions[1], scope=FeedbackScope.COLLECTIVE, mood=Mood.BAD,
                                text="Trop de bruit")
    linked_visit = WalkIn(session=sessions[0], first_name="Nadia", participant_id=nadia.id,
                          recorded_at=dt.datetime(2022, 10, 13, 12, tzinfo=dt.timezone.utc))
    old_visit = WalkIn(session=sessions[1], first_name="Kévin", recorded_at=dt.datetime(2023, 3, 9, 12, tzinfo=dt.timezone.utc))
    recent_session = make.session(group, held_on=D(2026, 2, 12))
    recent_visit = WalkIn(session=recent_session, first_name="Lucas", recorded_at=NOW)
    db.add_all([linked_visit, old_visit, recent_visit])
    marc = make.participant(group, referred_on=D(2022, 5, 1), first_name="Marc", last_name="Lemoine")
    make.attendance(recent_session, marc)
    db.flush()
    return SimpleNamespace(group=group, nadia=nadia, marc=marc, contract=contract, signed=signed,
                           anonymous=anonymous, linked_visit=linked_visit, old_visit=old_visit,
                           recent_visit=recent_visit, sessions=sessions)


def plan(db, months=24):
    return plan_purge(db, today=D(2026, 3, 10), months=months)


def due_ids(db, months=24):
    return [person.participant_id for person in plan(db, months).people]


def reports(db, group):
    periods = [(D(2022, 1, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 12, 31)), (D(2022, 9, 1), D(2026, 3, 10))]
    return [activity_report(db, period_from=start, period_to=end, group_id=gid, today=D(2026, 3, 10))
            for start, end in periods for gid in (group.id, None)]


# --- Who is due ------------------------------------------------------------------------------------------


def test_the_plan_lists_people_without_contact_for_24_months_with_the_last_contact_and_what_it_was(db, world):
    result = plan(db)
    assert result.cutoff == CUTOFF
    assert [p.participant_id for p in result.people] == [world.nadia.id]
    nadia = result.people[0]
    assert nadia.full_name == "Nadia Zerrouki" and nadia.last_contact_on == D(2023, 7, 1)
    assert nadia.kinds == (ContactKind.EXIT,)  # the date noted on the record is only named when alone
    assert nadia.reason == "dernier contact le 01/07/2023 (sortie)"
    assert result.walk_ins == 1  # Kévin, never linked, came in 2023


def test_a_longer_period_spares_the_same_person(db, world):
    assert due_ids(db, months=36) == []
    assert due_ids(db, months=12) == [world.nadia.id]


def test_planning_changes_nothing(db, world):
    plan(db)
    db.expire_all()
    assert db.get(Participant, world.nadia.id).last_name == "Zerrouki"
    assert db.get(Participant, world.nadia.id).anonymised_on is None
    assert db.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == AuditAction.ANONYMISE)) == 0


@pytest.mark.parametrize("recent", ["present", "excused", "referral", "review", "exit", "signed_feedback",
                                    "contract_running", "recorded"])
def test_any_recent_contact_keeps_the_person(db, make, world, recent):
    """Records dated on or after the cutoff day, each alone, keep an otherwise old person."""
    person = make.participant(world.group, referred_on=D(2021, 1, 4))
    session = make.session(world.group, held_on=CUTOFF)
    if recent in ("present", "excused"):
        make.attendance(session, person, status=AttendanceStatus(recent))
    elif recent == "referral":
        db.add(Referral(participant=person, referrer=person.referrals[0].referrer, group=world.group,
                        referred_on=CUTOFF))
    elif recent == "review":
        contract = make.contract(person, starts_on=D(2022, 9, 1), ends_on=D(2024, 2, 29))
        db.add(ContractReview(contract=contract, kind=ReviewKind.FINAL, held_on=CUTOFF))
    elif recent == "exit":
        db.add(Exit(participant=person, left_on=CUTOFF, destination=ExitDestination.OTHER))
    elif recent == "signed_feedback":
        submit_feedback(db, session=session, scope=FeedbackScope.PERSONAL, mood=Mood.GOOD, participant=person)
    elif recent == "contract_running":  # signed in 2023, ends in 2025: followed until then
        make.contract(person, starts_on=D(2023, 10, 1), ends_on=D(2025, 3, 31))
    else:
        person.last_contact_on = CUTOFF
    set_up(db)
    assert person.id not in due_ids(db)


def test_an_absence_is_not_a_contact_and_the_day_before_the_cutoff_is_too_old(db, make, world):
    person = make.participant(world.group, referred_on=CUTOFF - dt.timedelta(days=1))
    make.attendance(make.session(world.group, held_on=D(2025, 1, 9)), person, status=AttendanceStatus.ABSENT)
    assert person.id in due_ids(db)


def test_the_period_comes_from_the_setting_with_24_months_by_default(monkeypatch):
    monkeypatch.delenv("IDMIX_RETENTION_MONTHS", raising=False)
    assert retention_months() == 24
    monkeypatch.setenv("IDMIX_RETENTION_MONTHS", "36")
    assert retention_months() == 36
    assert retention_months(12) == 12  # the command's option wins
    assert retention_cutoff(D(2026, 8, 31), 18) == D(2025, 2, 28)


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "1000", "2.5"])
def test_a_bad_period_is_refused_in_french(monkeypatch, bad):
    monkeypatch.setenv("IDMIX_RETENTION_MONTHS", bad)
    with pytest.raises(RetentionError, match="Durée de conservation invalide"):
        retention_months()


# --- What the purge does ---------------------------------------------------------------------------------


def test_the_purge_removes_identity_contact_pin_and_free_text_and_keeps_what_reports_count(db, world):
    result = purge(db, plan(db), actor=None, now=NOW)
    assert (result.people, result.walk_ins) == (1, 1)
    nadia = db.get(Participant, world.nadia.id)
    assert (nadia.first_name, nadia.last_name) == ("Personne", f"anonymisée n°{nadia.id}")
    assert (nadia.town, nadia.phone, nadia.consent_on, nadia.pin_hash) == (None, None, None, None)
    assert (nadia.gender, nadia.birth_year, nadia.benefit, nadia.group_id) == (
        Gender.FEMALE, 1971, Benefit.RSA, world.group.id)
    assert nadia.anonymised_on == D(2026, 3, 10) and nadia.last_contact_on == D(2023, 7, 1)
    referral = nadia.referrals[0]
    assert (referral.reason, referral.expectations, referral.referred_on) == (None, None, D(2022, 9, 1))
    contract = db.get(type(world.contract), world.contract.id)
    assert contract.expectations is None and contract.is_signed and contract.version > 1
    objective = contract.objectives[0]
    assert (objective.wording, objective.status) == (ANONYMOUS_OBJECTIVE, ObjectiveStatus.ACHIEVED)
    review = db.scalars(select(ContractReview).where(ContractReview.contract_id == contract.id)).one()
    assert review.next_steps is None and review.positions[0].comment is None
    assert [(r.area, r.rating) for r in db.scalars(select(SelfRating))] == [(LifeArea.CONFIDENCE, 3)]
    exit_plan = db.scalars(select(ExitPlan).where(ExitPlan.contract_id == contract.id)).one()
    assert (exit_plan.steps, exit_plan.partners, exit_plan.destination) == (None, None, ExitDestination.TRAINING)
    exit_ = db.scalars(select(Exit).where(Exit.participant_id == nadia.id)).one()
    assert exit_.comment is None and exit_.destination is ExitDestination.TRAINING
    signed = db.get(Feedback, world.signed.id)
    assert signed.participant_id is None and signed.mood is Mood.GOOD  # kept, no longer tied to her
    assert db.get(Feedback, world.anonymous.id).text == "Trop de bruit"
    assert db.get(WalkIn, world.linked_visit.id).first_name == ANONYMOUS_WALK_IN
    assert db.get(WalkIn, world.old_visit.id).first_name == ANONYMOUS_WALK_IN
    assert db.get(WalkIn, world.recent_visit.id).first_name == "Lucas"


def test_people_with_a_recent_contact_are_untouched(db, world):
    purge(db, plan(db), actor=None, now=NOW)
    marc = db.get(Participant, world.marc.id)
    assert (marc.first_name, marc.last_name, marc.town, marc.anonymised_on) == ("Marc", "Lemoine", "Villeneuve", None)


def test_past_reports_give_the_same_figures_after_the_purge(db, world):
    before = reports(db, world.group)
    assert before[2].people.total == 1 and before[2].exits.total == 1 and before[2].contracts.ended == 1
    purge(db, plan(db), actor=None, now=NOW)
    assert reports(db, world.group) == before


def test_the_purge_is_idempotent(db, world):
    purge(db, plan(db), actor=None, now=NOW)
    entries = db.scalar(select(func.count()).select_from(AuditEntry))
    again = plan(db)
    assert again.people == [] and again.walk_ins == 0
    result = purge(db, again, actor=None, now=NOW)
    assert (result.people, result.walk_ins, result.audit_entries_scrubbed) == (0, 0, 0)
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == entries


# --- The audit trail ----------------------------------------------------------------------------------------


def test_one_anonymisation_entry_per_person_with_the_actor_and_the_reason(db, make, world):
    admin = make.staff(Role.ADMIN)
    purge(db, plan(db), actor=admin, now=NOW)
    entries = db.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.ANONYMISE)).all()
    assert [(e.table_name, e.record_id, e.actor_id) for e in entries] == [("participant", str(world.nadia.id), admin.id)]
    assert entries[0].changes["anonymised_on"] == [None, "2026-03-10"]
    assert "01/07/2023" in entries[0].changes["reason"][1] and "24 mois" in entries[0].changes["reason"][1]


def test_no_old_value_stays_in_the_audit_trail(db, world):
    """The recorder had copied names and texts into earlier entries: the purge blanks them."""
    visit = WalkIn(session=world.sessions[0], first_name="Jordan", recorded_at=NOW)
    set_up(db, visit)
    discard_walk_in(db, visit, actor=None, now=dt.datetime(2022, 10, 13, 15, tzinfo=dt.timezone.utc))
    secrets = ["Zerrouki", "Bourg-Vieux", "06 11 22 33 44", "décès", "Samia", "Reprendre confiance",
               "Chantier", "Durand", "Formation CAP", "Jordan"]
    trail = lambda: json.dumps([e.changes for e in db.scalars(select(AuditEntry))], ensure_ascii=False)  # noqa: E731
    assert all(secret in trail() for secret in secrets)  # the recorder did copy them
    result = purge(db, plan(db), actor=None, now=NOW)
    assert result.audit_entries_scrubbed > 0
    after = trail()
    assert [secret for secret in secrets if secret in after] == []
    creation = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "participant",
                                                   AuditEntry.record_id == str(world.nadia.id),
                                                   AuditEntry.action == AuditAction.CREATE)).one()
    assert creation.changes["last_name"] == [None, SCRUBBED]
    assert creation.changes["birth_year"] == [None, "1971"]  # what is kept on the record stays in its history
    marc = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "participant",
                                               AuditEntry.record_id == str(world.marc.id)).order_by(AuditEntry.id)).first()
    assert marc.changes["last_name"] == [None, "Lemoine"]


def test_a_record_deleted_before_the_purge_keeps_nothing_of_the_person_in_the_trail(db, world):
    """A review deleted as a mistake is no longer a record of hers, but its entries still held its texts."""
    review = db.scalars(select(ContractReview).where(ContractReview.contract_id == world.contract.id)).one()
    delete_review(db, review)
    db.flush()
    trail = lambda: json.dumps([e.changes for e in db.scalars(select(AuditEntry))], ensure_ascii=False)  # noqa: E731
    assert "Chantier d'insertion" in trail() and "Appelle Samia" in trail()
    purge(db, plan(db), actor=None, now=NOW)
    after = trail()
    assert "Chantier d'insertion" not in after and "Appelle Samia" not in after


# --- The feedback table's physical order -------------------------------------------------------------------


def test_feedback_rows_are_stored_in_key_order_not_arrival_order(db, make, today):
    session = make.session(held_on=today - dt.timedelta(days=1))
    for _ in range(40):
        db.add(Feedback(id=uuid.uuid4(), session_id=session.id, given_on=session.held_on,
                        scope=FeedbackScope.COLLECTIVE, mood=Mood.GOOD))
    set_up(db)
    connection = db.connection()
    if connection.dialect.name == "sqlite":
        sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'feedback'")).scalar_one()
        assert "WITHOUT ROWID" in sql.upper()  # rows sit in key order already
        assert reorder_feedback(connection) is False
        return
    physical = lambda: connection.execute(text("SELECT id FROM feedback ORDER BY ctid")).scalars().all()  # noqa: E731
    assert physical() != sorted(physical())  # arrival order: 40 random keys are not sorted by chance
    assert reorder_feedback(connection) is True
    assert physical() == sorted(physical())


def test_maintenance_rewrites_every_table_of_anonymous_items_in_key_order(db, make, today):
    """PostgreSQL: opinions, ideas and ballots rewritten by CLUSTER (no old version, no free space with old bytes)."""
    connection = db.connection()
    if connection.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's CLUSTER")
    from shared.maintenance.storage import ANONYMOUS_TABLES, reorder

    for name in ANONYMOUS_TABLES:
        assert reorder(connection, name) is True
        clustered = connection.execute(text(
            "SELECT i.indisclustered FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname = :t AND i.indisprimary"), {"t": name}).scalar_one()
        assert clustered
