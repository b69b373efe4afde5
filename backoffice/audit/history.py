"""The audit trail read as a history: who changed what, grouped by save, in French.

An entry stores ``{"field": [old, new]}`` as text (``shared.audit.recorder``). Here each field gets the
label its own screen gives it, each value its French form (dates, oui/non, choices, the name of the
record a reference points to, with a link), and bookkeeping fields (ids, creation times, hashes) are
left out. Entries written by one save (same person, same second) make one change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from flask import current_app, url_for
from sqlalchemy import Boolean, Date, DateTime, Enum, Time, TypeDecorator, select
from sqlalchemy.orm import joinedload

from shared.audit.labels import TECHNICAL, field_label, table_label
from shared.audit.models import AuditAction, AuditEntry
from shared.audit.queries import person_history
from shared.contracts.models import Contract, Objective
from shared.dates import fr, fr_datetime, fr_time
from shared.db import Base
from shared.people.models import Participant
from shared.people.status import without_situation
from shared.text import readable_phone
from shared.sessions.models import Attendance, Session

from ..core.base import record_key
from ..core.common import joined_person
from ..core.menu import added_views
from ..extensions import db

SAME_SAVE = dt.timedelta(seconds=2)
# Fields that may hold a phone number, stored as the SMS provider needs it (+33…): read as « 06 35 94 18 63 ».
PHONE_FIELDS = frozenset({"phone", "address"})
# What each record's name (``str``) reads besides its own row, loaded with it; never a person's situation.
NAME_LOADS = {
    Participant: (without_situation(),),
    Contract: (joined_person(Contract.participant),),
    Attendance: (joined_person(Attendance.participant),),
    Session: (joinedload(Session.theme),),
}


@dataclass
class Change:
    label: str
    before: str | None
    after: str | None
    before_url: str | None = None
    after_url: str | None = None


@dataclass
class Line:
    entry: AuditEntry
    verb: str
    what: str
    name: str
    url: str | None
    changes: list[Change]


@dataclass
class Group:
    at: dt.datetime
    actor: str
    when: str
    lines: list[Line] = field(default_factory=list)


def _models() -> dict[str, type]:
    return {mapper.local_table.name: mapper.class_ for mapper in Base.registry.mappers
            if getattr(mapper, "local_table", None) is not None}


def _views() -> dict[str, object]:
    """The back-office view of each table (its labels and its details page)."""
    views = {}
    for admin in current_app.extensions.get("admin", []):
        for view in added_views(admin):
            model = getattr(view, "model", None)
            if model is not None and hasattr(model, "__table__"):
                views.setdefault(model.__table__.name, view)
    return views


class Reader:
    """Turns a page of entries into groups of French lines; the records they name are loaded once per table."""

    def __init__(self, entries):
        self.entries = list(entries)
        self.models, self.views = _models(), _views()
        self.names: dict[tuple[str, str], str | None] = {}
        self._load_names()

    def _load_names(self) -> None:
        wanted: dict[str, set] = defaultdict(set)
        for entry in self.entries:
            wanted[entry.table_name].add(entry.record_id)
            model = self.models.get(entry.table_name)
            for key, (old, new) in (entry.changes or {}).items():
                target = self._target(model, key)
                if target is not None:
                    wanted[target].update(v for v in (old, new) if v)
        for table, ids in wanted.items():
            model = self.models.get(table)
            if model is None or len(model.__mapper__.primary_key) != 1:
                continue
            pk = model.__mapper__.primary_key[0]
            keys = {key for key in (record_key(pk, value) for value in ids) if key is not None}
            if keys:
                loads = NAME_LOADS.get(model, ())
                named = model.__str__ is not object.__str__
                for record in db.session.scalars(select(model).where(pk.in_(keys)).options(*loads)):
                    key = str(getattr(record, pk.key))
                    # A record without a name of its own (an activation code) is « n°… », never a Python repr.
                    self.names[(table, key)] = str(record) if named else f"n°{key}"

    def _target(self, model, key: str) -> str | None:
        column = model.__table__.columns.get(key) if model is not None else None
        if column is None or not column.foreign_keys:
            return None
        return next(iter(column.foreign_keys)).column.table.name

    def _url(self, table: str, record_id: str) -> str | None:
        view = self.views.get(table)
        if view is None or (table, record_id) not in self.names:
            return None
        return url_for(f"{view.endpoint}.details_view", id=record_id)

    def known_label(self, table: str, key: str) -> str | None:
        """The label the record's own screen gives ``key``, else the journal's (``shared.audit.labels``)."""
        view = self.views.get(table)
        labels = dict(getattr(view, "column_labels", None) or {})
        if key.endswith("_id") and key[:-3] in labels:
            return labels[key[:-3]]
        return labels.get(key) or field_label(table, key)

    def label(self, table: str, key: str) -> str:
        return self.known_label(table, key) or key.replace("_", " ").capitalize()

    def value(self, table: str, key: str, text: str | None) -> tuple[str | None, str | None]:
        """(French text, link or None) of a stored value."""
        if text is None:
            return None, None
        model = self.models.get(table)
        column = model.__table__.columns.get(key) if model is not None else None
        target = self._target(model, key)
        if target is not None:
            name = self.names.get((target, text))
            return (name or f"{table_label(target)} n°{text} (supprimé(e))"), self._url(target, text)
        kind = column.type if column is not None else None
        if isinstance(kind, TypeDecorator):
            kind = kind.impl_instance
        try:
            if isinstance(kind, Enum) and kind.enum_class is not None:
                return kind.enum_class(text).label, None
            if isinstance(kind, Boolean):
                return ("oui" if text in ("True", "1", "true") else "non"), None
            if isinstance(kind, DateTime):
                return fr_datetime(dt.datetime.fromisoformat(text)), None
            if isinstance(kind, Date):
                return fr(dt.date.fromisoformat(text)), None
            if isinstance(kind, Time):
                return fr_time(dt.time.fromisoformat(text)), None
        except (ValueError, TypeError, AttributeError):
            pass
        if key in PHONE_FIELDS:
            return readable_phone(text), None
        return text, None

    def record_name(self, entry: AuditEntry) -> str:
        name = self.names.get((entry.table_name, entry.record_id))
        if name:
            return name
        changes = entry.changes or {}

        def old_or_new(key):
            pair = changes.get(key) or [None, None]
            return pair[0] or pair[1]

        parts = [old_or_new("first_name"), old_or_new("last_name")]
        if any(parts):
            return " ".join(p for p in parts if p)
        return old_or_new("name") or old_or_new("wording") or f"n°{entry.record_id}"

    def line(self, entry: AuditEntry) -> Line:
        table = entry.table_name
        changes = []
        for key, (old, new) in sorted((entry.changes or {}).items(), key=lambda item: self.label(table, item[0])):
            if key in TECHNICAL:
                continue
            before, before_url = self.value(table, key, old)
            after, after_url = self.value(table, key, new)
            changes.append(Change(self.label(table, key), before, after, before_url, after_url))
        what, name = table_label(table), self.record_name(entry)
        if entry.action is not AuditAction.UPDATE:  # a created or deleted row's own name, said once
            changes = [c for c in changes if name not in (c.before, c.after)]
        if name.lower().startswith(what.lower()):
            what = ""  # « Contrat n°3 de … » says what it is
        return Line(entry, entry.action.label, what, name, self._url(table, entry.record_id), changes)

    def groups(self) -> list[Group]:
        groups: list[Group] = []
        for entry in self.entries:
            line = self.line(entry)
            if entry.action is AuditAction.UPDATE and not line.changes:
                continue  # only technical fields changed (a PIN's hash made stronger at a sign-in)
            actor = entry.actor_name
            last = groups[-1] if groups else None
            if last is not None and last.actor == actor and abs(last.at - entry.at) <= SAME_SAVE:
                last.lines.append(line)
            else:
                groups.append(Group(entry.at, actor, fr_datetime(entry.at), [line]))
        return groups


def history_of(table: str, record_id, limit: int = 50) -> list[Group]:
    """The history of one record and of the rows that belong to it (a contract's objectives; a person's
    referral, contracts, reviews, exit, attendance...), latest first."""
    record_id = str(record_id)
    if table == Participant.__table__.name:
        key = record_key(Participant.id, record_id)
        entries = db.session.scalars(person_history(key).limit(limit)) if key is not None else []
        return Reader(entries).groups()
    query = select(AuditEntry).where(AuditEntry.table_name == table, AuditEntry.record_id == record_id)
    entries = list(db.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))
    if table == "contract":  # its objectives are edited with it
        objective_ids = [str(i) for i in db.session.scalars(
            select(Objective.id).where(Objective.contract_id == record_key(Objective.contract_id, record_id)))]
        if objective_ids:
            entries += db.session.scalars(select(AuditEntry).where(
                AuditEntry.table_name == "objective", AuditEntry.record_id.in_(objective_ids)).limit(limit))
            entries.sort(key=lambda e: (e.at, e.id), reverse=True)
    return Reader(entries[:limit]).groups()
