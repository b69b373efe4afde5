"""What the server keeps of a tablet's offline queue: keys already accepted, sign-ins to confirm, last contact.

An accepted key is kept as a digest with the day it arrived, never a time: anonymous opinions do not
use this table at all (their key is the opinion's one-time form token, ``Feedback.form_token``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.dates import fr
from shared.db import Base
from shared.labels import LabelledEnum, enum_column
from shared.types import UTCDateTime


class OfflineReceipt(Base):
    """A sign-in key made on a tablet, accepted once: a retry or a lost answer adds nothing."""

    __tablename__ = "offline_receipt"
    __table_args__ = ({"sqlite_with_rowid": False},)

    key_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)


class ConfirmationStatus(LabelledEnum):
    PENDING = ("pending", "À confirmer")
    CONFIRMED = ("confirmed", "Présence confirmée")
    REFUSED = ("refused", "Présence refusée")


class PendingAttendance(Base):
    """« Présence à confirmer »: a sign-in made offline whose PIN (or rule) the server did not accept."""

    __tablename__ = "pending_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("session.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    status: Mapped[ConfirmationStatus] = mapped_column(enum_column(ConfirmationStatus),
                                                       default=ConfirmationStatus.PENDING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"))
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())

    session: Mapped["Session"] = relationship()  # noqa: F821
    participant: Mapped["Participant"] = relationship()  # noqa: F821
    device: Mapped["Device | None"] = relationship()  # noqa: F821

    def __str__(self) -> str:
        return f"Présence à confirmer du {fr(self.signed_at)}"


class DeviceContact(Base):
    """When a tablet last reached the server, how many items it said it was still waiting to send, and how
    many items it sent were refused (damaged, another session, past a cap: ``shared.kiosk.offline_limits``)."""

    __tablename__ = "device_contact"

    device_id: Mapped[int] = mapped_column(ForeignKey("device.id", ondelete="CASCADE"), primary_key=True)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
    waiting: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    device: Mapped["Device"] = relationship()  # noqa: F821
