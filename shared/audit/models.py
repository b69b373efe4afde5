"""An audit trail entry: who, when, which record, each changed field old → new."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shared import clock
from shared.db import Base
from shared.types import UTCDateTime
from shared.labels import LabelledEnum, enum_column


class AuditAction(LabelledEnum):
    CREATE = ("create", "Création")
    UPDATE = ("update", "Modification")
    DELETE = ("delete", "Suppression")
    ANONYMISE = ("anonymise", "Anonymisation")
    EXPORT = ("export", "Export des données personnelles")


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    # A record's « Historique » (and a person's, over their records) looks entries up by record.
    __table_args__ = (Index("ix_audit_entry_record", "table_name", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id", ondelete="SET NULL"), index=True)
    # Who acted when no staff member did: « Tablette de l'accueil », « Commande idmix create-user ».
    actor_label: Mapped[str | None] = mapped_column(String(120))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    table_name: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[str] = mapped_column(String(64))
    # {"field": [old, new], ...} with values rendered as text; never password or PIN hashes.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # The person the record is about (``shared.audit.subjects``): their « Historique » keeps the entries of a
    # record deleted since. No foreign key: the entry outlives the record and says what it held.
    participant_id: Mapped[int | None] = mapped_column(index=True)

    actor: Mapped["StaffMember | None"] = relationship()  # noqa: F821

    @property
    def actor_name(self) -> str:
        """« Par » in the journal: the staff member, else the door that acted, else the system."""
        if self.actor is not None:
            return self.actor.full_name
        return self.actor_label or "Le système"
