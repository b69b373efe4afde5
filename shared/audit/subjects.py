"""The person a journaled record is about: written on its entry, so that a person's « Historique » keeps what
was recorded about them even once the record is gone (a review or an exit deleted as a mistake).

The same records as ``queries.person_records``: never their opinions, ideas or ballots (not journaled at all).
"""

from __future__ import annotations

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm.attributes import NO_VALUE
from sqlalchemy.orm.util import identity_key

from shared.contracts.models import Contract, Objective
from shared.exits.models import Exit, ExitPlan
from shared.kiosk.models import WalkIn
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import MessageConsent
from shared.people.models import Participant, Referral
from shared.reviews.models import ContractReview, ObjectivePosition, SelfRating
from shared.sessions.models import Attendance

# Records that name their person; records of a contract; records of a contract's review.
OF_PERSON = (Referral, Contract, Exit, Attendance, PendingAttendance, MessageConsent, WalkIn)
OF_CONTRACT = (Objective, ContractReview, ExitPlan)
OF_REVIEW = (ObjectivePosition, SelfRating)


def subject_of(db: DbSession, obj) -> int | None:
    """The id of the person ``obj`` is about, or None. Read from the rows as they stand (a record being
    deleted still is there when its entry is written), the session's own objects first."""
    if isinstance(obj, Participant):
        return _value(obj, "id")
    if isinstance(obj, OF_PERSON):
        return _value(obj, "participant_id")
    if isinstance(obj, OF_CONTRACT):
        return _person_of_contract(db, _value(obj, "contract_id"))
    if isinstance(obj, OF_REVIEW):
        review_id = _value(obj, "review_id")
        review = _in_session(db, ContractReview, review_id)
        if review is not None:
            return _person_of_contract(db, _value(review, "contract_id"))
        return db.scalar(select(Contract.participant_id).join(ContractReview, ContractReview.contract_id == Contract.id)
                         .where(ContractReview.id == review_id))
    return None


def _person_of_contract(db: DbSession, contract_id: int | None) -> int | None:
    contract = _in_session(db, Contract, contract_id)
    if contract is not None:
        return _value(contract, "participant_id")
    return db.scalar(select(Contract.participant_id).where(Contract.id == contract_id))


def _in_session(db: DbSession, model, record_id):
    return None if record_id is None else db.identity_map.get(identity_key(model, record_id))


def _value(obj, key: str):
    """The attribute as loaded or set, without a query for an expired one that is gone."""
    state = inspect(obj)
    value = state.attrs[key].loaded_value
    if value is NO_VALUE:
        return getattr(obj, key)
    return value
