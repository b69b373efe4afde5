"""Need-to-know access: which records a staff member may see, as SQL conditions.

- admin: everything;
- facilitator: every record of the groups they work in;
- referrer: only the people they referred, and those people's contracts, attendance and exits;
  no feedback of others (only feedback a person they referred chose to sign).
- joint sessions (``Session.guest_groups``): every group's facilitators see the session; of what names a person
  (attendance, signed feedback, messages, offline sign-ins to confirm), only their own groups' people's rows.
  Another group's people stay out: their names, their files, their attendance. Anonymous opinions of a joint
  session are the session's, seen by the facilitators of each of its groups.
- the partner directory (``shared.partners``): a structure's data, read by every staff member; who may change
  a card is ``shared.partners.rules.check_may_change``.
The back-office applies these to every list *and* every single record.
"""

from __future__ import annotations

from sqlalchemy import false, select, true

from shared.attestations.models import Attestation, AttestationRequest, Skill
from shared.contracts.models import Contract, Objective
from shared.evaluation.models import ActionReview
from shared.exits.models import Exit, ExitPlan
from shared.decisions.models import Proposal, Vote
from shared.feedback.models import Feedback
from shared.groups.closures import GroupClosure
from shared.groups.models import Group, Theme, group_staff
from shared.kiosk.models import Device, EnrolmentCode, WalkIn
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import Message, MessageConsent
from shared.partners.models import Partner
from shared.people.models import Participant, Referral
from shared.reviews.models import ContractReview
from shared.sessions.models import Attendance, Session
from shared.sessions.queries import held_by_condition, joint_condition
from shared.staff.models import Role, StaffMember


def group_ids_of(staff: StaffMember):
    return select(group_staff.c.group_id).where(group_staff.c.staff_id == staff.id).scalar_subquery()


def referred_by(staff: StaffMember):
    return select(Referral.participant_id).where(Referral.referrer_id == staff.id).scalar_subquery()


def scope_condition(model, staff: StaffMember):
    """A WHERE condition limiting ``model`` to what ``staff`` may see (``true()`` for admins)."""
    if staff.role is Role.ADMIN:
        return true()
    if staff.role is Role.FACILITATOR:
        return _facilitator_scope(model, staff)
    if staff.role is Role.REFERRER:
        return _referrer_scope(model, staff)
    return false()


def _facilitator_scope(model, staff: StaffMember):
    groups = group_ids_of(staff)
    by_group = {
        Group: Group.id.in_(groups),
        Participant: Participant.group_id.in_(groups),
        Referral: Referral.group_id.in_(groups),
        Contract: Contract.group_id.in_(groups),
        Session: held_by_condition(groups),  # hosted, or a joint session one of their groups is invited to
        Device: Device.group_id.in_(groups),
        EnrolmentCode: EnrolmentCode.group_id.in_(groups),
        ActionReview: ActionReview.group_id.in_(groups),
        GroupClosure: GroupClosure.group_id.in_(groups),
        Proposal: Proposal.group_id.in_(groups),
        Vote: Vote.group_id.in_(groups),
        Theme: true(),
        Skill: true(),
        StaffMember: true(),  # to pick co-signers; the staff view itself is admin-only
        Partner: true(),
    }
    if model in by_group:
        return by_group[model]
    # Their own sessions with no other group: every row there is about their people. On a joint session, only
    # rows naming their own people (``via_participant``).
    via_session = select(Session.id).where(Session.group_id.in_(groups), ~joint_condition()).scalar_subquery()
    any_session = select(Session.id).where(held_by_condition(groups)).scalar_subquery()
    via_contract = select(Contract.id).where(Contract.group_id.in_(groups)).scalar_subquery()
    via_participant = select(Participant.id).where(Participant.group_id.in_(groups)).scalar_subquery()
    return {
        Attendance: Attendance.session_id.in_(via_session) | Attendance.participant_id.in_(via_participant),
        Feedback: Feedback.session_id.in_(via_session) | Feedback.participant_id.in_(via_participant)
        | (Feedback.participant_id.is_(None) & Feedback.session_id.in_(any_session)),
        WalkIn: WalkIn.session_id.in_(any_session),  # a first name typed at the tablet, to link to a person
        PendingAttendance: PendingAttendance.session_id.in_(via_session)
        | PendingAttendance.participant_id.in_(via_participant),
        Objective: Objective.contract_id.in_(via_contract),
        ContractReview: ContractReview.contract_id.in_(via_contract),
        ExitPlan: ExitPlan.contract_id.in_(via_contract),
        Exit: Exit.participant_id.in_(via_participant),
        Attestation: Attestation.participant_id.in_(via_participant),
        AttestationRequest: AttestationRequest.participant_id.in_(via_participant),
        MessageConsent: MessageConsent.participant_id.in_(via_participant),
        # Messages to their group's people; referrers' digests are the referrer's (and admins').
        Message: Message.participant_id.in_(via_participant) | Message.session_id.in_(via_session)
        | (Message.staff_id == staff.id),
    }.get(model, false())


def _referrer_scope(model, staff: StaffMember):
    people = referred_by(staff)
    their_contracts = select(Contract.id).where(Contract.participant_id.in_(people)).scalar_subquery()
    return {
        Participant: Participant.id.in_(people),
        Referral: Referral.participant_id.in_(people),
        Contract: Contract.participant_id.in_(people),
        Objective: Objective.contract_id.in_(their_contracts),
        ContractReview: ContractReview.contract_id.in_(their_contracts),
        ExitPlan: ExitPlan.contract_id.in_(their_contracts),
        Attendance: Attendance.participant_id.in_(people),
        Exit: Exit.participant_id.in_(people),
        Attestation: Attestation.participant_id.in_(people),
        AttestationRequest: AttestationRequest.participant_id.in_(people),
        Feedback: Feedback.participant_id.in_(people),  # signed by their people only; anonymous never
        MessageConsent: MessageConsent.participant_id.in_(people),
        Message: Message.participant_id.in_(people) | (Message.staff_id == staff.id),
        GroupClosure: true(),
        Theme: true(),
        StaffMember: true(),
        Group: true(),
        Session: true(),
        Partner: true(),
    }.get(model, false())


def can_see(db, staff: StaffMember, model, record_id) -> bool:
    pk = model.__mapper__.primary_key[0]
    return db.scalar(select(pk).where(pk == record_id, scope_condition(model, staff))) is not None

