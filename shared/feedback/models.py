"""Feedback left at the kiosk.

Privacy by construction: the key is a random UUID (no insertion order), there is no timestamp
finer than the session's date, no device or network address, and a person only when they chose
to sign. On SQLite the table has no rowid; anonymous items are stored so that neither the file nor
the system columns keep their order of arrival (``shared.feedback.arrival``).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared.dates import fr
from shared.db import Base
from shared.labels import LabelledEnum, enum_column

MAX_FEEDBACK_LENGTH = 1000


class FeedbackScope(LabelledEnum):
    PERSONAL = ("personal", "Pour moi")
    COLLECTIVE = ("collective", "Pour le groupe")


class Mood(LabelledEnum):
    """Four faces, no neutral one: a person has to lean one way."""

    VERY_BAD = ("1", "Pas bien du tout")
    BAD = ("2", "Pas très bien")
    GOOD = ("3", "Bien")
    VERY_GOOD = ("4", "Très bien")

    @property
    def score(self) -> int:
        return int(self.value)


class FeedbackStatus(LabelledEnum):
    NEW = ("new", "Non lu")
    READ = ("read", "Lu")
    DISCUSSED = ("discussed", "Discuté en groupe")
    CLOSED = ("closed", "Clos")


class Feedback(Base):
    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint(f"text IS NULL OR length(text) <= {MAX_FEEDBACK_LENGTH}", name="text_length"),
        Index("ix_feedback_form_token", "form_token", unique=True),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    given_on: Mapped[dt.date] = mapped_column(Date, index=True)  # the session's date, never finer
    scope: Mapped[FeedbackScope] = mapped_column(enum_column(FeedbackScope))
    mood: Mapped[Mood] = mapped_column(enum_column(Mood))
    text: Mapped[str | None] = mapped_column(Text)
    # Only set when the participant chose to sign with their first name.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"), index=True)
    status: Mapped[FeedbackStatus] = mapped_column(enum_column(FeedbackStatus), default=FeedbackStatus.NEW)
    # Digest of the one-time token of the form that sent it: the same form is stored once (a double tap).
    form_token: Mapped[str | None] = mapped_column(String(64))

    session: Mapped["Session"] = relationship()  # noqa: F821
    participant: Mapped["Participant | None"] = relationship()  # noqa: F821

    @property
    def is_anonymous(self) -> bool:
        return self.participant_id is None

    def __str__(self) -> str:
        return f"Avis {self.scope.label.lower()} du {fr(self.given_on)}"
