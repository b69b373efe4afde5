"""Named queries over the journal: the entries about a person, their own record and what was recorded about them."""

from __future__ import annotations

from sqlalchemy import Select, String, and_, cast, or_, select

from shared.audit.models import AuditEntry
from shared.contracts.models import Contract, Objective
from shared.exits.models import Exit, ExitPlan
from shared.kiosk.models import WalkIn
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import MessageConsent
from shared.people.models import Participant, Referral
from shared.reviews.models import ContractReview, ObjectivePosition, SelfRating
from shared.sessions.models import Attendance


def person_records(participant_id: int) -> dict[str, Select]:
    """Per table, the ids of the records about this person (as text, as the journal stores them).

    Never their opinions, ideas or ballots: those are not in the journal at all."""
    contracts = select(Contract.id).where(Contract.participant_id == participant_id)
    reviews = select(ContractReview.id).where(ContractReview.contract_id.in_(contracts))
    found = {
        Participant: Participant.id == participant_id,
        Referral: Referral.participant_id == participant_id,
        Contract: Contract.participant_id == participant_id,
        Objective: Objective.contract_id.in_(contracts),
        ContractReview: ContractReview.id.in_(reviews),
        ObjectivePosition: ObjectivePosition.review_id.in_(reviews),
        SelfRating: SelfRating.review_id.in_(reviews),
        ExitPlan: ExitPlan.contract_id.in_(contracts),
        Exit: Exit.participant_id == participant_id,
        Attendance: Attendance.participant_id == participant_id,
        PendingAttendance: PendingAttendance.participant_id == participant_id,
        MessageConsent: MessageConsent.participant_id == participant_id,
        WalkIn: WalkIn.participant_id == participant_id,
    }
    return {model.__table__.name: select(cast(model.id, String)).where(condition) for model, condition in found.items()}


def person_history(participant_id: int) -> Select:
    """The journal's entries about a person and their records, those deleted since included, newest first.

    Entries written before the journal named its person are found through the records still there."""
    about = [and_(AuditEntry.table_name == table, AuditEntry.record_id.in_(ids))
             for table, ids in person_records(participant_id).items()]
    about.append(AuditEntry.participant_id == participant_id)
    return select(AuditEntry).where(or_(*about)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
