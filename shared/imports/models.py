"""A column mapping remembered for files of the same shape (the same header row, however typed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from shared import clock
from shared.db import Base
from shared.types import UTCDateTime


class ImportMapping(Base):
    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the folded header row (``columns.shape_digest``): no header text, no data, is kept.
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # {"column index": "field key"}; an ignored column is absent.
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=lambda: clock.now())
