"""PINs typed offline, sealed on the tablet to the server's public key: only the server can open them.

The server holds an RSA key pair (3072 bits) beside its secret key (``shared.settings.offline_key_pem``,
a file of mode 600 created at first start). An enrolled tablet receives the public key only, with its
offline data; for each sign-in kept offline it encrypts ``{"key": item key, "participant": id, "pin": PIN}``
with RSA-OAEP (SHA-256) in Web Crypto (kiosk/static/offline.js). OAEP is randomised: the same PIN sealed
twice gives two different values, so the public key does not let anyone try the 10,000 PINs against a
sealed one. Nothing on the tablet, in memory or on disk, can open a sealed PIN: the private key never
leaves the server. The item's key and the person are inside the seal, so a sealed PIN moved to another
item or another person opens to nothing.

Sealed form: ``rsa-oaep-256.<key id>.<base64 ciphertext>``; the key id (a digest of the public key) tells
which key sealed it, so the key pair can be rotated (``idmix rotate-offline-key``): tablets get the new
public key at their next sync, and items sealed before with a previous key still open
(``shared.settings.previous_offline_keys_pem``) until every tablet has sent its queue.

Anything else (a PIN sealed the old way, XORed with a pad key the tablet held, or a seal damaged, moved,
or made with a key the server no longer has) opens to None: the sign-in becomes a « présence à confirmer »
without counting a wrong code (``shared.kiosk.offline._pin_refusal``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from shared import settings

SCHEME = "rsa-oaep-256"
KEY_BITS = 3072
MAX_SEALED = 1024  # a 3072-bit ciphertext is 512 characters of base64
_OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def new_private_key_pem() -> bytes:
    """A fresh key pair, as PKCS#8 PEM (unencrypted: the file's mode 600 protects it, as the secret key's)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_private_keys(pem: bytes) -> list[rsa.RSAPrivateKey]:
    """Every RSA private key of a PEM text (one or several blocks)."""
    keys = []
    for block in pem.split(b"-----END PRIVATE KEY-----"):
        start = block.find(b"-----BEGIN PRIVATE KEY-----")
        if start >= 0:
            key = serialization.load_pem_private_key(block[start:] + b"-----END PRIVATE KEY-----\n", password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                raise ValueError("offline key: an RSA key is expected")
            keys.append(key)
    return keys


def public_der(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> bytes:
    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key: rsa.RSAPrivateKey | rsa.RSAPublicKey) -> str:
    return hashlib.sha256(b"idmix offline key id\0" + public_der(key)).hexdigest()[:16]


@dataclass(frozen=True)
class SealKeys:
    current: rsa.RSAPrivateKey
    previous: tuple[rsa.RSAPrivateKey, ...] = ()

    def find(self, identifier: str) -> rsa.RSAPrivateKey | None:
        for key in (self.current, *self.previous):
            if hmac.compare_digest(key_id(key), identifier):
                return key
        return None

    def for_tablet(self) -> dict[str, str]:
        """What a tablet holds: the public key (SubjectPublicKeyInfo, base64) and its id. Nothing secret."""
        return {"scheme": SCHEME, "key_id": key_id(self.current),
                "public_key": base64.b64encode(public_der(self.current)).decode()}


_KEYS: SealKeys | None = None


def keys() -> SealKeys:
    """The keys of this process, read once from the settings (the key file is made at first start)."""
    global _KEYS
    if _KEYS is None:
        [current, *_] = load_private_keys(settings.offline_key_pem(new_private_key_pem))
        _KEYS = SealKeys(current, tuple(load_private_keys(settings.previous_offline_keys_pem())))
    return _KEYS


def use_keys(new: SealKeys | None) -> SealKeys | None:
    """Use ``new`` from now on (None: read the settings again); return the previous ones. For tests."""
    global _KEYS
    previous, _KEYS = _KEYS, new
    return previous


def rotate() -> tuple[str, str]:
    """A new key pair becomes current; the current key joins the previous ones (still opened). Returns the
    ids (old, new). The previous file is written first: the old key is never lost half-way."""
    old = settings.offline_key_pem(new_private_key_pem)
    settings.replace_private_file(settings.previous_offline_keys_path(), settings.previous_offline_keys_pem() + old)
    new = new_private_key_pem()
    settings.replace_private_file(settings.offline_key_path(), new)
    use_keys(None)
    return key_id(load_private_keys(old)[0]), key_id(load_private_keys(new)[0])


def forget_previous() -> int:
    """Drop the keys replaced by rotations (once every tablet has sent its queue); how many were dropped."""
    path = settings.previous_offline_keys_path()
    count = len(load_private_keys(settings.previous_offline_keys_pem()))
    path.unlink(missing_ok=True)
    use_keys(None)
    return count


def seal_pin(public_key: rsa.RSAPublicKey, item_key: str, participant_id: int, pin: str) -> str:
    """What the tablet does (kiosk/static/offline.js), here for the tests and the documentation."""
    message = json.dumps({"key": item_key, "participant": participant_id, "pin": pin[:8]}).encode()
    sealed = public_key.encrypt(message, _OAEP)
    return f"{SCHEME}.{key_id(public_key)}.{base64.b64encode(sealed).decode()}"


def open_pin(seal_keys: SealKeys, item_key: str, participant_id: int, sealed: str) -> str | None:
    """The PIN sealed for this item and person, or None when this server cannot read it."""
    scheme, _, rest = sealed[:MAX_SEALED].partition(".")
    identifier, _, data = rest.partition(".")
    key = seal_keys.find(identifier) if scheme == SCHEME else None
    if key is None:
        return None
    try:
        message = json.loads(key.decrypt(base64.b64decode(data, validate=True), _OAEP))
    except (binascii.Error, ValueError):  # damaged base64 or ciphertext, or not JSON
        return None
    if not (isinstance(message, dict) and message.get("key") == item_key
            and message.get("participant") == participant_id and isinstance(message.get("pin"), str)):
        return None  # sealed for another item or another person
    return message["pin"][:8]
