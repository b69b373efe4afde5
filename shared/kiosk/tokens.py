"""Random secrets for tablets: enrolment codes people type once, device tokens kept in a cookie,
one-time tokens of the opinion forms.

All are high-entropy and random, so a SHA-256 digest is enough to store them (no argon2 needed):
nothing can be guessed from the hash, and the database never holds the secret itself.
"""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L, 5/S, 8/B: easy to read aloud and to type on a tablet.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4  # 12 characters from 27 symbols: about 57 bits, for a code valid one day
DEVICE_TOKEN_BYTES = 32  # 256 bits


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_enrolment_code() -> str:
    """E.g. "K7QD-3XWA-PNTE"."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalise_code(typed: str) -> str:
    """What a person typed → the canonical code: upper case, dashes where they belong."""
    compact = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    size = CODE_GROUP_LENGTH
    return "-".join(compact[i : i + size] for i in range(0, len(compact), size))


def new_device_token() -> str:
    return secrets.token_urlsafe(DEVICE_TOKEN_BYTES)


FORM_TOKEN_BYTES = 16  # 128 bits


def new_form_token() -> str:
    """A one-time token for one opinion form: sending the same form twice stores it once."""
    return secrets.token_urlsafe(FORM_TOKEN_BYTES)
