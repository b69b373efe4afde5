"""Sign-in throttling, stored in the database so that every server process shares it.

What is throttled is the failing source, not the victim:

- ``PAIR``: one client address trying one account (the address typed). An attacker's failures slow
  down the attacker's address for that account, not the colleagues behind the same office address;
- ``ADDRESS``: one client address, whatever the account, with a much higher allowance (a whole
  office may sign in from one public address): credential spraying from one place;
- ``ACCOUNT``: one account from anywhere, the guessing limit, above the pair's allowance (guesses
  spread over many addresses);
- ``DEVICE``: one browser holding a device cookie of the account (``backoffice.device_cookie``, OWASP's
  "device cookies"). A browser where the account signed in before is judged on its own failures only:
  the three limits above, which anybody can raise by sending wrong passwords, never keep it out.

A few failures are free; after them each failure makes the next try wait longer (doubling, up to a
ceiling). Tries made while waiting are refused without being counted, so nobody can stretch the
wait by sending more requests, and the wait never exceeds the rule's ``max_delay``. The account is
the address typed, known or not: an unknown address is throttled exactly like a real one, so the
answers never tell which accounts exist. Keys are hashed: neither typed addresses nor client
addresses are stored. An admin lifts an account's delays (``lift``); a successful sign-in clears the
keys it was checked against. Rows quiet for longer than their rule's ``forget_after`` are deleted at
the next failure.
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
PAIR = "pair"
DEVICE = "device"
VERIFICATION = "verify"  # an attestation's public page (backoffice/attestations/public.py): unknown codes


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
    PAIR: Rule(5, dt.timedelta(seconds=2), dt.timedelta(minutes=5), dt.timedelta(hours=24)),
    # Guesses spread over many addresses: more free failures than one address gets for the account.
    ACCOUNT: Rule(10, dt.timedelta(seconds=2), dt.timedelta(minutes=5), dt.timedelta(hours=24)),
    # One address may sign a whole office in (many colleagues behind one router): many free failures,
    # so that one colleague's typos never delay the others.
    ADDRESS: Rule(50, dt.timedelta(seconds=2), dt.timedelta(minutes=15), dt.timedelta(hours=24)),
    DEVICE: Rule(5, dt.timedelta(seconds=2), dt.timedelta(minutes=5), dt.timedelta(hours=24)),
    # Codes tried on an attestation's page from one address: a few typos are free, then the address waits
    # longer at each unknown code, before any code (valid or not) is looked up again.
    VERIFICATION: Rule(10, dt.timedelta(seconds=5), dt.timedelta(minutes=30), dt.timedelta(hours=24)),
}


def account_key(email: str) -> str:
    return _hash(ACCOUNT, (email or "").strip().lower())


def address_key(address: str | None) -> str:
    return _hash(ADDRESS, address or "unknown")


def pair_key(email: str, address: str | None) -> str:
    """The account's half first, so that an admin's ``lift`` finds every address's row of the account."""
    return account_key(email)[:32] + address_key(address)[:32]


def verification_key(address: str | None) -> str:
    return _hash(VERIFICATION, address or "unknown")


def device_key(nonce: str) -> str:
    return _hash(DEVICE, nonce)


def sign_in_keys(email: str, address: str | None, device_nonce: str | None = None) -> dict[str, str]:
    """The keys a sign-in is judged by: its device cookie's only, else the pair, the account and the address."""
    if device_nonce:
        return {DEVICE: device_key(device_nonce)}
    return {PAIR: pair_key(email, address), ACCOUNT: account_key(email), ADDRESS: address_key(address)}


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


@operation
def forget_after_success(db: DbSession, keys: dict[str, str]) -> None:
    """A successful sign-in clears what it was judged by, except its client address (other accounts' tries)."""
    for scope, key in keys.items():
        if scope != ADDRESS:
            clear(db, scope, key)


def _forget_quiet(db: DbSession, now: dt.datetime) -> None:
    """Failures older than their rule's quiet period, and no longer waiting, are deleted: their
    hashed keys (accounts typed, client addresses) are not kept beyond what the throttling needs."""
    for scope, rule in RULES.items():
        db.execute(delete(LoginThrottle).where(
            LoginThrottle.scope == scope, LoginThrottle.last_failure_at < now - rule.forget_after,
            (LoginThrottle.blocked_until.is_(None)) | (LoginThrottle.blocked_until <= now)))


def account_wait(db: DbSession, email: str, now: dt.datetime) -> dt.timedelta:
    """The longest delay an account is under, from anywhere (for the staff account page)."""
    waits = [wait_left(db, {ACCOUNT: account_key(email)}, now)]
    waits += [row.blocked_until - now for row in db.scalars(_pairs_of(email))
              if row.blocked_until is not None and row.blocked_until > now]
    return max(waits)


@operation
def lift(db: DbSession, email: str) -> None:
    """An admin lifts an account's delays: its failures, from every address, are forgotten."""
    clear(db, ACCOUNT, account_key(email))
    for row in db.scalars(_pairs_of(email)):
        db.delete(row)


def _pairs_of(email: str):
    return select(LoginThrottle).where(LoginThrottle.scope == PAIR,
                                       LoginThrottle.key.startswith(account_key(email)[:32], autoescape=True))


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
