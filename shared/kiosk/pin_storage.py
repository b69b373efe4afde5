"""How a PIN is stored: HMAC-SHA-256 under a server key kept outside the database.

A 4-digit PIN has 10,000 values: whatever its cost, a salted hash read from a stolen database is
swept in minutes. A keyed hash is not: without the key (``shared.settings.pin_key``, a file beside
the secret key, never in the database or its backups) the stored value says nothing about the PIN.
The person's id is part of the message, so two people with the same PIN do not share a stored value.

Stored form: ``hmac-sha256$<key id>$<hex digest>``; the key id (a digest of the key, not the key)
tells which key wrote it, so the key can be rotated: new PINs and every successful sign-in use the
current key; values of a previous key keep verifying and are rewritten at the person's next sign-in
(``needs_upgrade``). Argon2 values written before (``$argon2id$...``) are verified the same way and
upgraded too.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared import settings

SCHEME = "hmac-sha256"


@dataclass(frozen=True)
class PinKeys:
    current: bytes
    previous: tuple[bytes, ...] = ()

    @classmethod
    def from_text(cls, current: str, previous: list[str] | tuple[str, ...] = ()) -> PinKeys:
        return cls(current.encode("utf-8"), tuple(key.encode("utf-8") for key in previous))

    def find(self, identifier: str) -> bytes | None:
        for key in (self.current, *self.previous):
            if hmac.compare_digest(key_id(key), identifier):
                return key
        return None


@dataclass(frozen=True)
class Check:
    matches: bool
    needs_upgrade: bool = False  # right PIN, stored by Argon2 or under a previous key


_KEYS: PinKeys | None = None


def keys() -> PinKeys:
    """The keys of this process, read once from the settings (environment or instance folder)."""
    global _KEYS
    if _KEYS is None:
        _KEYS = PinKeys.from_text(settings.pin_key(), settings.previous_pin_keys())
    return _KEYS


def use_keys(new: PinKeys | None) -> PinKeys | None:
    """Use ``new`` from now on (None: read the settings again); return the previous ones. For tests."""
    global _KEYS
    previous, _KEYS = _KEYS, new
    return previous


def key_id(key: bytes) -> str:
    return hashlib.sha256(b"idmix pin key id\0" + key).hexdigest()[:12]


def stored_form(participant_id: int, pin: str) -> str:
    key = keys().current
    return f"{SCHEME}${key_id(key)}${_digest(key, participant_id, pin)}"


def check(stored: str, participant_id: int, pin: str, legacy: PasswordHasher) -> Check:
    """Whether ``pin`` is the PIN ``stored`` for this person, and whether to store it again."""
    if stored.startswith(SCHEME + "$"):
        _, identifier, digest = (stored.split("$", 2) + ["", ""])[:3]
        key = keys().find(identifier)
        if key is None:  # written under a key this server no longer has: only staff can reset it
            return Check(False)
        matches = hmac.compare_digest(_digest(key, participant_id, pin), digest)
        return Check(matches, needs_upgrade=matches and key != keys().current)
    try:
        return Check(legacy.verify(stored, pin), needs_upgrade=True)
    except (VerificationError, InvalidHashError):
        return Check(False)


def _digest(key: bytes, participant_id: int, pin: str) -> str:
    return hmac.new(key, f"{participant_id}:{pin}".encode("utf-8"), hashlib.sha256).hexdigest()
