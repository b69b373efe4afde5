"""Password hashing with Argon2 (argon2-cffi). Nothing else in the project touches hashes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from shared.errors import DomainError

MIN_PASSWORD_LENGTH = 10
# argon2-cffi's defaults (RFC 9106 low-memory profile): Argon2id, 3 passes, 64 MiB, 4 lanes.
PRODUCTION_HASHER = PasswordHasher(time_cost=3, memory_cost=65_536, parallelism=4)
# The hasher in use. Only tests swap it (use_hasher), for cheap settings; nothing reads it from the
# environment, so no deployment can weaken it. Any hasher verifies any Argon2 hash: the settings a
# hash was made with are written in it.
HASHER = PRODUCTION_HASHER


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash new passwords with ``hasher`` from now on; return the previous one (to put it back)."""
    global HASHER
    previous, HASHER = HASHER, hasher
    return previous


def hash_password(password: str) -> str:
    check_password_strength(password)
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.", field="password"
        )
