"""The short code of an attestation's public page: unguessable, easy to read aloud and to type.

Twelve characters from 31 (no 0/O, 1/I/L): about 59 bits, far beyond what a rate-limited page lets anyone
try. Shown in groups of four (« K7QM-3XTA-9HCE »); typed with or without dashes, in any case."""

from __future__ import annotations

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 12
_SEPARATORS = re.compile(r"[\s\-]+")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalised(typed: str | None) -> str | None:
    """The stored form of a typed code, or None when it cannot be one (nothing to look up)."""
    code = _SEPARATORS.sub("", (typed or "")).upper()
    if len(code) != LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def readable(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    """The public page's address, printed on the attestation and in its QR code."""
    from shared.messaging.tokens import base_url

    return f"{base_url()}/admin/attestation/{readable(code)}"
