"""One way to write: every change to the records goes through an operation of ``shared/``.

An operation is a function decorated with ``@operation``; its first argument is the database
session. It checks the rules, changes the objects and flushes before it returns. ``install_guard``
makes a sessionmaker refuse any flush that writes records outside an operation: a view that
populates a model from a form and lets the commit save it fails loudly instead of saving around
the rules. Bookkeeping rows written by the audit recorder are not records of the domain.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session as DbSession

from shared.errors import DomainError

_DEPTH = "idmix_operation_depth"
_BATCHED = "idmix_batched_flush"
UNGUARDED = "idmix_unguarded"  # session.info flag: test factories and maintenance scripts


class UnguardedWrite(RuntimeError):
    """A programming error: records were changed outside an operation of ``shared/``."""


def operation(func: Callable[..., Any] | None = None, *, keep_on_refusal: bool = False):
    """Mark ``func(db, ...)`` as a domain operation: it may write, and flushes what it wrote.

    ``keep_on_refusal``: what the operation wrote before refusing is kept too (a failed sign-in
    counts against the account); otherwise the caller rolls a refused operation back.
    """
    if func is None:
        return functools.partial(operation, keep_on_refusal=keep_on_refusal)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        db: DbSession = args[0] if args else kwargs["db"]
        db.info[_DEPTH] = db.info.get(_DEPTH, 0) + 1
        try:
            result = func(*args, **kwargs)
        except DomainError:
            if keep_on_refusal:
                db.flush()
            raise
        else:
            if not db.info.get(_BATCHED):
                db.flush()
            return result
        finally:
            db.info[_DEPTH] -= 1

    return wrapper


@contextmanager
def batched(db: DbSession) -> Iterator[None]:
    """Operations called inside write once, at the end, instead of each flushing its own rows.

    For a caller running many operations in a row (an import) whose rules read the facts they need
    from what the caller loaded and kept up to date, not from the database: autoflush is off, so a
    query inside does not see what the batch has written. A refusal leaves the batch unflushed; the
    caller rolls it back.
    """
    db.info[_BATCHED] = True
    try:
        with db.no_autoflush:
            yield
    finally:
        db.info[_BATCHED] = False
    db.info[_DEPTH] = db.info.get(_DEPTH, 0) + 1  # what the batch's operations wrote
    try:
        db.flush()
    finally:
        db.info[_DEPTH] -= 1


def in_operation(db: DbSession) -> bool:
    return db.info.get(_DEPTH, 0) > 0


def _refuse_unguarded(exempt: tuple[type, ...]):
    def _check(session: DbSession, flush_context, instances) -> None:
        if in_operation(session) or session.info.get(UNGUARDED):
            return
        written = [
            obj for obj in (*session.new, *session.deleted, *session.dirty)
            if not isinstance(obj, exempt) and (obj not in session.dirty or session.is_modified(obj))
        ]
        if written:
            names = sorted({type(obj).__name__ for obj in written})
            raise UnguardedWrite(f"Written outside an operation of shared/: {', '.join(names)}")

    return _check


def install_guard(sessionmaker, exempt: tuple[type, ...] = ()) -> None:
    """Refuse flushes of records outside an operation for every session of ``sessionmaker``."""
    if not getattr(sessionmaker, "_idmix_guarded", False):
        event.listen(sessionmaker, "before_flush", _refuse_unguarded(exempt))
        sessionmaker._idmix_guarded = True
