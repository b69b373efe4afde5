"""Sealing a pool entry with a key derived from the secret key, which the database never holds.

AES-256-GCM under ``HKDF-SHA256(IDMIX_SECRET_KEY)``: the answer (JSON) is padded to one fixed length,
so every sealed value has ``SEALED_SIZE`` bytes, whatever the mood, choice or text. The entry's key and
pool are bound to the seal (associated data): a sealed value copied into another entry or another pool,
altered, or sealed under another key opens to None. Without the secret key (``IDMIX_SECRET_KEY``, in
deploy/idmix.env or the instance folder, never in the database) nothing of an entry can be read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from shared import settings

NONCE_SIZE, TAG_SIZE = 12, 16
# An opinion's text is at most 1000 characters; even escaped by JSON (6 bytes each) it fits.
PADDED_SIZE = 6144
SEALED_SIZE = NONCE_SIZE + PADDED_SIZE + TAG_SIZE
_LENGTH_BYTES = 2


def _derived(purpose: bytes, secret: str | None = None) -> bytes:
    secret = settings.secret_key() if secret is None else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"idmix anonymous pool: " + purpose).derive(secret.encode("utf-8"))


def seal(answer: dict, *, bound_to: str, secret: str | None = None) -> bytes:
    """``answer`` as JSON, padded and sealed; ``bound_to`` (the entry's key and pool) must match to open it."""
    plain = json.dumps(answer, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(plain) > PADDED_SIZE - _LENGTH_BYTES:
        raise ValueError("anonymous answer too long for the pool")
    padded = len(plain).to_bytes(_LENGTH_BYTES, "big") + plain
    padded += bytes(PADDED_SIZE - len(padded))
    nonce = os.urandom(NONCE_SIZE)
    return nonce + AESGCM(_derived(b"seal", secret)).encrypt(nonce, padded, bound_to.encode("utf-8"))


def unseal(sealed: bytes, *, bound_to: str, secret: str | None = None) -> dict | None:
    """The answer, or None when ``sealed`` was altered, moved, forged or sealed under another key."""
    if not isinstance(sealed, bytes | bytearray | memoryview) or len(sealed) != SEALED_SIZE:
        return None
    sealed = bytes(sealed)
    try:
        padded = AESGCM(_derived(b"seal", secret)).decrypt(sealed[:NONCE_SIZE], sealed[NONCE_SIZE:],
                                                           bound_to.encode("utf-8"))
    except InvalidTag:
        return None
    length = int.from_bytes(padded[:_LENGTH_BYTES], "big")
    try:
        answer = json.loads(padded[_LENGTH_BYTES:_LENGTH_BYTES + length].decode("utf-8"))
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def pool_form_token(form_token: str, secret: str | None = None) -> str:
    """The pool's digest of a form's one-time token: keyed, so it matches nothing the written row keeps."""
    return hmac.new(_derived(b"form token", secret), form_token.encode("utf-8"), hashlib.sha256).hexdigest()
