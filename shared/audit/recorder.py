"""The audit trail recorder: every create, update and delete of a session, in the same transaction.

Installed on the class of every door's sessions (``shared.db.journaled_session_class``): back-office,
kiosk, command line, scheduled jobs. The actor is read from ``session.info``: ``actor_id`` (a staff
member, set by the back-office for each request) or ``actor_label`` (« Tablette … », « Commande idmix … »).
Changes are ``{"field": [old, new]}`` rendered as text; secrets (password, PIN, token and code hashes)
are never copied: "modifié" instead.

Updates and deletes are recorded in ``before_flush`` (the history is still there); creations once
the flush has given them an id (``after_flush_postexec``), so the entry lands in the same commit.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm.attributes import NO_VALUE

from shared import clock
from shared.db import ACTOR_ID, ACTOR_LABEL
from shared.anonymity.models import PoolEntry
from shared.audit.models import AuditAction, AuditEntry
from shared.audit.subjects import subject_of
from shared.decisions.models import Ballot, Proposal, VoteParticipation
from shared.feedback.models import Feedback
from shared.kiosk.models import Device, WalkIn
from shared.kiosk.offline_models import DeviceContact, OfflineReceipt
from shared.messaging.models import Message
from shared.staff.models import LoginThrottle

SECRET_FIELDS = frozenset({"password_hash", "pin_hash", "token_hash", "code_hash"})
SECRET_PLACEHOLDER = "modifié"
# Bookkeeping, not decisions: sign-in throttling and optimistic-lock counters.
IGNORED_FIELDS = frozenset({
    "failed_logins", "first_failed_login_at", "locked_until", "pin_failures", "pin_locked_until",
    "first_pin_failure_at", "pin_lock_level", "last_feedback_at", "version", "session_version",
})
# Anonymous by design, never audited: an entry next to an opinion (Feedback), a secret ballot (Ballot), an
# answer waiting sealed in its pool (PoolEntry) or the record that a person voted (VoteParticipation, kept to
# the day) would add who, or a precise time.
# Tablets and walk-ins are audited by their own operations (``note``).
# Messages keep their own trace (state, times, provider's answer); a copy of their text would outlive anonymisation.
# A tablet's receipts and last contact are bookkeeping of the offline queue, written on every sync; the
# sign-in throttle's counters, of every failed sign-in (four rows each, some keyed by a network address).
NOT_AUDITED = (AuditEntry, Feedback, Ballot, PoolEntry, VoteParticipation, Device, WalkIn, Message, OfflineReceipt,
               DeviceContact, LoginThrottle)
# An idea is given on a tablet, perhaps anonymously: its creation gets no entry (the entry's time would be
# finer than its day). What staff do with it afterwards (merge, adopt, remove) is audited.
NOT_AUDITED_CREATIONS = (Proposal,)
# Tables whose records never get an entry (tablets and walk-ins get their operations' own): the journal's
# filter does not offer them.
NEVER_JOURNALED = frozenset(model.__table__.name for model in NOT_AUDITED if model not in (Device, WalkIn))
_PENDING = "idmix_audit_pending_creations"


def install(sessionmaker) -> None:
    """Record the audit trail for every session made by ``sessionmaker`` (or of a session class; idempotent)."""
    if not event.contains(sessionmaker, "before_flush", _before_flush):
        event.listen(sessionmaker, "before_flush", _before_flush)
        event.listen(sessionmaker, "after_flush_postexec", _after_flush_postexec)


def note(db: DbSession, *, action: AuditAction, table_name: str, record_id: object, changes: dict,
         now: dt.datetime, actor=None) -> None:
    """An entry an operation writes itself, for what the recorder does not see (a PIN set, a lock lifted,
    a tablet revoked, the reason of a correction). ``actor``: the staff member, else the session's actor."""
    actor_id, label = _actor(db)
    if actor is not None:
        actor_id, label = actor.id, None
    db.add(AuditEntry(at=now, actor_id=actor_id, actor_label=label, action=action, table_name=table_name,
                      record_id=str(record_id), changes=changes))


def _actor(session: DbSession) -> tuple[int | None, str | None]:
    actor_id = session.info.get(ACTOR_ID)
    return actor_id, None if actor_id is not None else session.info.get(ACTOR_LABEL)


def _audited(obj) -> bool:
    return not isinstance(obj, NOT_AUDITED)


def _before_flush(session: DbSession, flush_context, instances) -> None:
    actor = _actor(session)
    for obj in session.new:
        if isinstance(obj, AuditEntry) and obj.actor_id is None and obj.actor is None and obj.actor_label is None:
            obj.actor_id, obj.actor_label = actor  # an entry an operation wrote itself (anonymisation, export)
    # What an operation noted itself about a record (a symbol chosen, with its own words) is not said twice.
    noted: dict[tuple[str, str], set] = {}
    for obj in session.new:
        if isinstance(obj, AuditEntry) and obj.action is AuditAction.UPDATE:
            noted.setdefault((obj.table_name, obj.record_id), set()).update(obj.changes or {})
    for obj in list(session.dirty):
        if _audited(obj) and session.is_modified(obj):
            changes = _changes(obj)
            for key in noted.get((obj.__table__.name, _record_id(obj)), ()):
                changes.pop(key, None)
            if changes:
                session.add(_entry(session, obj, AuditAction.UPDATE, changes, actor))
    for obj in list(session.deleted):
        if _audited(obj):
            session.add(_entry(session, obj, AuditAction.DELETE, _snapshot(obj, removed=True), actor))
    session.info[_PENDING] = [obj for obj in session.new
                              if _audited(obj) and not isinstance(obj, NOT_AUDITED_CREATIONS)]


def _after_flush_postexec(session: DbSession, flush_context) -> None:
    created = session.info.pop(_PENDING, [])
    actor = _actor(session)
    for obj in created:
        if inspect(obj).persistent:
            session.add(_entry(session, obj, AuditAction.CREATE, _snapshot(obj), actor))


def _record_id(obj) -> str:
    identity = inspect(obj).identity
    return "-".join(str(part) for part in identity) if identity else "?"


def _entry(session: DbSession, obj, action: AuditAction, changes: dict,
           actor: tuple[int | None, str | None]) -> AuditEntry:
    record_id = _record_id(obj)
    return AuditEntry(
        participant_id=subject_of(session, obj),
        at=clock.now(),
        actor_id=actor[0],
        actor_label=actor[1],
        action=action,
        table_name=obj.__table__.name,
        record_id=record_id,
        changes=changes,
    )


def _columns(obj) -> tuple[str, ...]:
    return _columns_of(type(obj))


@functools.cache
def _columns_of(model: type) -> tuple[str, ...]:
    """The model's own columns that the journal copies (read once per model: an import creates thousands)."""
    keys = []
    for attr in inspect(model).column_attrs:
        if attr.key in IGNORED_FIELDS or len(attr.columns) != 1 or attr.columns[0].table is None:
            continue
        if not hasattr(attr.columns[0], "table") or attr.columns[0].table is not model.__table__:
            continue  # column_property over other tables (e.g. Participant.status_code)
        keys.append(attr.key)
    return tuple(keys)


def _changes(obj) -> dict:
    state = inspect(obj)
    changes: dict = {}
    for key in _columns(obj):
        history = state.attrs[key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if _text(old) == _text(new):
            continue
        changes[key] = _pair(key, old, new)
    for rel in state.mapper.relationships:
        if rel.direction.name != "MANYTOMANY":
            continue
        history = state.attrs[rel.key].history
        if history.added or history.deleted:
            before = sorted(str(o) for o in (list(history.unchanged) + list(history.deleted)))
            after = sorted(str(o) for o in (list(history.unchanged) + list(history.added)))
            changes[rel.key] = [", ".join(before), ", ".join(after)]
    return changes


def _snapshot(obj, *, removed: bool = False) -> dict:
    state = inspect(obj)
    values = {}
    for key in _columns(obj):
        value = state.attrs[key].loaded_value
        if value is NO_VALUE or value is None:
            continue
        values[key] = _pair(key, value, None) if removed else _pair(key, None, value)
    return values


def _pair(key: str, old, new) -> list:
    if key in SECRET_FIELDS:
        return [None if old is None else SECRET_PLACEHOLDER, None if new is None else SECRET_PLACEHOLDER]
    return [_text(old), _text(new)]


def _text(value) -> str | None:
    if value is None or value is NO_VALUE:
        return None
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.time, dt.datetime)):
        return value.isoformat()
    return str(value)
