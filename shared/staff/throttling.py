"""Sign-in throttling per account and per client address, stored in the database so that every
server process shares it.

A few failures are free; after them each failure makes the next try wait longer (doubling, up to a
ceiling). Tries made while waiting are refused without being counted, so nobody can stretch the
wait by sending more requests, and the wait never exceeds ``MAX_DELAY``. The account is the address
typed, known or not: an unknown address is throttled exactly like a real one, so the answers never
tell which accounts exist. Keys are hashed: neither typed addresses nor client addresses are stored.
An admin lifts an account's delay (``lift``); a successful sign-in clears it too. Rows quiet for
longer than their rule's ``forget_after`` are deleted at the next failure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared.staff.models import LoginThrottle
from shared.writes import operation

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class Rule:
    free_failures: int      # failures before any wait
    first_delay: dt.timedelta
    max_delay: dt.timedelta
    forget_after: dt.timedelta  # a quiet period after which the failures are forgotten

    def delay(self, failures: int) -> dt.timedelta:
        extra = failures - self.free_failures
        if extra < 0:
            return dt.timedelta(0)
        seconds = self.first_delay.total_seconds() * 2 ** min(extra, 32)
        return min(dt.timedelta(seconds=seconds), self.max_delay)


RULES = {
    ACCOUNT: Rule(5, dt.timedelta(seconds=2), dt.timedelta(minutes=5), dt.timedelta(hours=24)),
    # One address may sign many people in (a shared office behind one router): more free failures.
    ADDRESS: Rule(20, dt.timedelta(seconds=2), dt.timedelta(minutes=15), dt.timedelta(hours=24)),
}


def account_key(email: str) -> str:
    return _hash(ACCOUNT, (email or "").strip().lower())


def address_key(address: str | None) -> str:
    return _hash(ADDRESS, address or "unknown")


def _hash(scope: str, value: str) -> str:
    return hashlib.sha256(f"idmix-login:{scope}:{value}".encode()).hexdigest()


def wait_left(db: DbSession, keys: dict[str, str], now: dt.datetime) -> dt.timedelta:
    """How long the sign-in must still wait for these keys ({scope: key}); zero when it may try."""
    waits = [dt.timedelta(0)]
    for scope, key in keys.items():
        row = _row(db, scope, key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            waits.append(row.blocked_until - now)
    return max(waits)


@operation
def record_failure(db: DbSession, keys: dict[str, str], now: dt.datetime) -> None:
    _forget_quiet(db, now)
    for scope, key in keys.items():
        rule = RULES[scope]
        row = _row(db, scope, key) or _new_row(db, scope, key, now)
        if row.failures and now - row.last_failure_at > rule.forget_after:
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        delay = rule.delay(row.failures)
        row.blocked_until = now + delay if delay else None


@operation
def clear(db: DbSession, scope: str, key: str) -> None:
    db.execute(delete(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key))


def _forget_quiet(db: DbSession, now: dt.datetime) -> None:
    """Failures older than their rule's quiet period, and no longer waiting, are deleted: their
    hashed keys (accounts typed, client addresses) are not kept beyond what the throttling needs."""
    for scope, rule in RULES.items():
        db.execute(delete(LoginThrottle).where(
            LoginThrottle.scope == scope, LoginThrottle.last_failure_at < now - rule.forget_after,
            (LoginThrottle.blocked_until.is_(None)) | (LoginThrottle.blocked_until <= now)))


def account_wait(db: DbSession, email: str, now: dt.datetime) -> dt.timedelta:
    """The delay an account is under (for the staff account page)."""
    return wait_left(db, {ACCOUNT: account_key(email)}, now)


@operation
def lift(db: DbSession, email: str) -> None:
    """An admin lifts an account's delay: its failures are forgotten."""
    clear(db, ACCOUNT, account_key(email))


def french_wait(wait: dt.timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def _row(db: DbSession, scope: str, key: str) -> LoginThrottle | None:
    return db.scalar(select(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key))


def _new_row(db: DbSession, scope: str, key: str, now: dt.datetime) -> LoginThrottle:
    row = LoginThrottle(scope=scope, key=key, failures=0, last_failure_at=now)
    try:
        with db.begin_nested():  # another process may have made the row a moment ago
            db.add(row)
    except IntegrityError:
        return _row(db, scope, key)
    return row
