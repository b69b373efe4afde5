"""Remembering a corrected column mapping, and finding it again for the next file of the same shape."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.imports.columns import FIELDS, SESSION, ImportKind, Layout
from shared.imports.models import ImportMapping
from shared.writes import operation


def remembered(db: DbSession, kind: ImportKind, layout: Layout) -> dict[int, str] | None:
    """The mapping saved for this header row and kind, its columns still within the row."""
    saved = db.scalar(select(ImportMapping).where(ImportMapping.digest == layout.digest))
    if saved is None or saved.kind != kind.code:
        return None
    known = {field.key for field in FIELDS[kind]} | {SESSION}
    mapping = {int(column): field for column, field in (saved.mapping or {}).items()
               if field in known and int(column) < len(layout.headers)}
    return mapping or None


@operation
def remember_mapping(db: DbSession, kind: ImportKind, layout: Layout) -> ImportMapping:
    saved = db.scalar(select(ImportMapping).where(ImportMapping.digest == layout.digest))
    values = {str(column): field for column, field in sorted(layout.mapping.items()) if field}
    if saved is None:
        saved = ImportMapping(digest=layout.digest, kind=kind.code, mapping=values)
        db.add(saved)
    elif saved.mapping != values or saved.kind != kind.code:
        saved.kind, saved.mapping, saved.updated_at = kind.code, values, clock.now()
    return saved
