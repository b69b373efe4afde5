"""Leaving feedback: personal or collective, anonymous unless the person chose to sign."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.anonymity.batches import flush, is_due, lock, opinion_pool
from shared.anonymity.pool import add_to_pool, in_pool
from shared.errors import DomainError
from shared.feedback.models import MAX_FEEDBACK_LENGTH, Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.kiosk.tokens import digest
from shared.staff.models import StaffMember
from shared.text import strip_control_characters
from shared.writes import operation


class FeedbackError(DomainError):
    pass


class FeedbackAlreadySent(FeedbackError):
    """The same form was sent again (a double tap, a page sent twice): it is stored once."""


def clean_text(text: str | None) -> str | None:
    if text is None:
        return None
    text = strip_control_characters(text).strip()
    if len(text) > MAX_FEEDBACK_LENGTH:
        raise FeedbackError(
            f"Le message est trop long : {MAX_FEEDBACK_LENGTH} caractères au plus ({len(text)} saisis).", field="text"
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
    form_token: str | None = None,
) -> Feedback | None:
    """Store one feedback item. Anonymous unless ``participant`` is given (the person signed).

    ``form_token``: the one-time token of the form that was sent (``shared.kiosk.tokens``); the same
    form sent twice is stored once (``FeedbackAlreadySent``), two people's forms are two items, however
    close in time. Only its digest is kept: a random value, issued with a form and noted nowhere else.
    An anonymous item waits sealed in its session's pool and is written with at least two others, or once
    the session's day is over (``shared.anonymity``): None is returned while it waits.
    """
    if session.cancelled:
        raise FeedbackError("Cette séance est annulée : choisissez une autre séance.")
    if participant is not None and participant.group_id not in session.group_ids:
        raise FeedbackError("Cette personne n'est pas inscrite dans ce groupe.")
    token = digest(form_token) if form_token else None
    if token is not None and db.scalar(select(Feedback.id).where(Feedback.form_token == token)) is not None:
        raise FeedbackAlreadySent("Votre avis est déjà enregistré : inutile de l'envoyer une seconde fois.")
    row = dict(id=uuid.uuid4(), session_id=session.id, given_on=session.held_on, scope=scope, mood=mood,
               text=clean_text(text), participant_id=participant.id if participant is not None else None,
               status=FeedbackStatus.NEW, form_token=token)
    try:
        with db.begin_nested():
            if participant is None:
                _pool_anonymous(db, session, row, form_token)
            else:
                db.add(Feedback(**row))
    except IntegrityError:
        # The same form, sent at the same instant by a double tap, was stored by the other request.
        raise FeedbackAlreadySent("Votre avis est déjà enregistré : inutile de l'envoyer une seconde fois.") from None
    return db.get(Feedback, row["id"])


def _pool_anonymous(db: DbSession, session: Session, row: dict, form_token: str | None) -> None:
    pool = opinion_pool(session.id)
    lock(db, pool)
    if form_token and in_pool(db, form_token):
        raise FeedbackAlreadySent("Votre avis est déjà enregistré : inutile de l'envoyer une seconde fois.")
    answer = dict(id=row["id"].hex, given_on=row["given_on"].isoformat(), scope=row["scope"].value,
                  mood=row["mood"].value, text=row["text"], form_token=row["form_token"])
    add_to_pool(db, pool, answer, form_token=form_token)
    flush(db, pool, due=is_due(db, pool, clock.today()))


@operation
def set_feedback_status(
    db: DbSession, feedback: Feedback, status: FeedbackStatus, *, actor: StaffMember | None
) -> Feedback:
    """Staff mark an item read, discussed in the group, or closed.

    Not audited with a time on purpose: an audit entry on an anonymous item would add a precise
    time next to it. Staff may move an item back (e.g. re-open a closed one).
    """
    if not isinstance(status, FeedbackStatus):
        raise FeedbackError("Choisissez un statut : non lu, lu, discuté en groupe ou clos.", field="status")
    feedback.status = status
    db.flush()
    return feedback
