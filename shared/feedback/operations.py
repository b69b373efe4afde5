"""Leaving feedback: personal or collective, anonymous unless the person chose to sign."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session as DbSession

from shared.errors import DomainError
from shared.feedback.models import MAX_FEEDBACK_LENGTH, Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.staff.models import StaffMember
from shared.text import strip_control_characters
from shared.writes import operation


class FeedbackError(DomainError):
    pass


def clean_text(text: str | None) -> str | None:
    if text is None:
        return None
    text = strip_control_characters(text).strip()
    if len(text) > MAX_FEEDBACK_LENGTH:
        raise FeedbackError(
            f"Le message est trop long : {MAX_FEEDBACK_LENGTH} caractères au plus ({len(text)} saisis).", field="text"
        )
    return text or None


@operation
def submit_feedback(
    db: DbSession,
    *,
    session: Session,
    scope: FeedbackScope,
    mood: Mood,
    text: str | None = None,
    participant: Participant | None = None,
) -> Feedback:
    """Store one feedback item. Anonymous unless ``participant`` is given (the person signed)."""
    if session.cancelled:
        raise FeedbackError("Cette séance est annulée : choisissez une autre séance.")
    if participant is not None and participant.group_id != session.group_id:
        raise FeedbackError("Cette personne n'est pas inscrite dans ce groupe.")
    feedback = Feedback(
        id=uuid.uuid4(),
        session_id=session.id,
        given_on=session.held_on,
        scope=scope,
        mood=mood,
        text=clean_text(text),
        participant_id=participant.id if participant is not None else None,
    )
    db.add(feedback)
    db.flush()
    return feedback


@operation
def set_feedback_status(
    db: DbSession, feedback: Feedback, status: FeedbackStatus, *, actor: StaffMember | None
) -> Feedback:
    """Staff mark an item read, discussed in the group, or closed.

    Not audited with a time on purpose: an audit entry on an anonymous item would add a precise
    time next to it. Staff may move an item back (e.g. re-open a closed one).
    """
    if not isinstance(status, FeedbackStatus):
        raise FeedbackError("Choisissez un statut : non lu, lu, discuté en groupe ou clos.", field="status")
    feedback.status = status
    db.flush()
    return feedback
