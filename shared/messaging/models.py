"""Consent to receive messages (per person and channel), and one row per message with its state.

A message row is written before anything is sent, and claimed (``sending``) in its own committed
transaction before the provider is called: two runs at once, or a run after a crash, never send it twice.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.db import Base
from shared.labels import LabelledEnum, enum_column
from shared.types import UTCDateTime


class Channel(LabelledEnum):
    SMS = ("sms", "SMS")
    EMAIL = ("email", "E-mail")

    @property
    def in_sentence(self) -> str:
        """The channel inside a sentence: « par SMS », « par e-mail » (the label starts a column or a line)."""
        return "e-mail" if self is Channel.EMAIL else self.label


class Withdrawal(LabelledEnum):
    """How a consent was withdrawn."""

    STAFF = ("staff", "Depuis la fiche de la personne")
    LINK = ("link", "Lien de désinscription de l'e-mail")
    STOP = ("stop", "Réponse « STOP » au SMS")


class MessageKind(LabelledEnum):
    EVE_REMINDER = ("eve_reminder", "Rappel la veille")
    MORNING_REMINDER = ("morning_reminder", "Rappel le matin")
    CANCELLATION = ("cancellation", "Séance annulée")
    CHANGE = ("change", "Séance modifiée")
    DIGEST = ("digest", "Point pour l'orienteur")


REMINDERS = (MessageKind.EVE_REMINDER, MessageKind.MORNING_REMINDER)


class MessageState(LabelledEnum):
    PENDING = ("pending", "À envoyer")
    SENDING = ("sending", "Envoi en cours")
    SENT = ("sent", "Envoyé")
    FAILED = ("failed", "Échec")


class MessageConsent(Base):
    """A person agreed to receive reminders on one channel, at one address, on a given day."""

    __tablename__ = "message_consent"
    __table_args__ = (
        UniqueConstraint("participant_id", "channel"),
        CheckConstraint("withdrawn_on IS NULL OR withdrawn_on >= given_on", name="withdrawn_after_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    # A mobile number in international form (+33612345678) or an e-mail address.
    address: Mapped[str | None] = mapped_column(String(254))
    given_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_how: Mapped[Withdrawal | None] = mapped_column(enum_column(Withdrawal))

    participant: Mapped["Participant"] = relationship()  # noqa: F821

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None and bool(self.address)

    def __str__(self) -> str:
        return f"{self.channel.label} ({'oui' if self.active else 'retiré'})"


class Message(Base):
    """One message to one person (or one referrer), with its delivery state and the provider's answer."""

    __tablename__ = "message"
    __table_args__ = (
        Index("ix_message_state_next", "state", "next_attempt_at"),
        Index("ix_message_created_at", "created_at"),  # the list of messages, newest first
        CheckConstraint("attempts >= 0", name="attempts_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MessageKind] = mapped_column(enum_column(MessageKind))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    # What makes the message unique: at most one reminder of a kind per session and person, one digest a day...
    dedup_key: Mapped[str] = mapped_column(String(120), unique=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    # Digests: the alerts they carried ("absent:12:340 ending:55"), so none is repeated the next day.
    topics: Mapped[str | None] = mapped_column(Text)
    state: Mapped[MessageState] = mapped_column(enum_column(MessageState), default=MessageState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    # After this moment the message is useless (the session has started): it is not sent any more.
    expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    provider_answer: Mapped[str | None] = mapped_column(String(300))

    participant: Mapped["Participant | None"] = relationship()  # noqa: F821
    staff: Mapped["StaffMember | None"] = relationship()  # noqa: F821
    session: Mapped["Session | None"] = relationship()  # noqa: F821

    @property
    def recipient_label(self) -> str:
        """First name and initial, or the referrer's name: never the address."""
        if self.participant is not None:
            return self.participant.kiosk_name
        return self.staff.full_name if self.staff is not None else "—"

    def __str__(self) -> str:
        return f"{self.kind.label} – {self.channel.label} – {self.state.label}"
