"""Password hashing with Argon2 (argon2-cffi) and the strength rules (zxcvbn). Nothing else in the
project touches hashes."""

from __future__ import annotations

import re
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from shared.errors import DomainError
from shared.staff.french_passwords import FIRST_NAMES, LAST_NAMES, WORDS
from shared.staff.known_words import APP_WORDS

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 512
# zxcvbn's score, 0 to 4; 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
# argon2-cffi's defaults (RFC 9106 low-memory profile): Argon2id, 3 passes, 64 MiB, 4 lanes.
PRODUCTION_HASHER = PasswordHasher(time_cost=3, memory_cost=65_536, parallelism=4)
# The hasher in use. Only tests swap it (use_hasher), for cheap settings; nothing reads it from the
# environment, so no deployment can weaken it. Any hasher verifies any Argon2 hash: the settings a
# hash was made with are written in it.
HASHER = PRODUCTION_HASHER
_dummy_hash: tuple[PasswordHasher, str] | None = None


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash new passwords with ``hasher`` from now on; return the previous one (to put it back)."""
    global HASHER
    previous, HASHER = HASHER, hasher
    return previous


def hash_password(password: str, personal: tuple[str, ...] = (), known: tuple[str, ...] = ()) -> str:
    check_password_strength(password, personal, known)
    return HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_against_dummy(password: str) -> None:
    """Spend the time a real check takes, for an address that has no account (no enumeration)."""
    global _dummy_hash
    if _dummy_hash is None or _dummy_hash[0] is not HASHER:
        _dummy_hash = (HASHER, HASHER.hash("idmix: no such account"))
    verify_password(_dummy_hash[1], password)


def check_password_strength(password: str, personal: tuple[str, ...] = (), known: tuple[str, ...] = ()) -> None:
    """Refuse a short, common or guessable password, in French, saying why.

    ``personal``: the account's e-mail address and names, which the password must not contain.
    ``known``: the product's and the structure's words (``shared.staff.known_words``), which it must not
    merely decorate with digits and signs.
    """
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise _refusal(f"Le mot de passe doit compter au moins {MIN_PASSWORD_LENGTH} caractères.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise _refusal(f"Le mot de passe ne peut dépasser {MAX_PASSWORD_LENGTH} caractères.")
    inputs = _personal_words(personal)
    folded = _fold(password)
    if any(len(word) >= 3 and word in folded for word in inputs):
        raise _refusal("Le mot de passe ne doit pas reprendre l'adresse e-mail ni le nom du compte.")
    known_inputs = _personal_words((*known, *APP_WORDS))
    if _one_known_word_and_little_else(folded, [*inputs, *known_inputs, *WORDS, *FIRST_NAMES, *LAST_NAMES]):
        raise _refusal("Ce mot de passe est trop facile à deviner : c'est un nom connu (celui de l'application, "
                       "de la structure, d'un groupe, un prénom ou un mot courant) complété de chiffres ou de signes."
                       + _ADVICE)
    result = zxcvbn(_fold(password, keep_case=True)[:72],
                    user_inputs=[*inputs, *known_inputs, *WORDS, *FIRST_NAMES, *LAST_NAMES])
    if result["score"] < MIN_SCORE:
        raise _refusal(_reason(result))


MIN_OWN_LETTERS = 4


def _one_known_word_and_little_else(folded: str, words: list[str]) -> bool:
    """« idmix2026! », « nadia2026!! »: the letters, once one known word is taken out, are almost nothing."""
    letters = re.sub(r"[^a-z]", "", folded)
    candidates = sorted({re.sub(r"[^a-z]", "", word) for word in words}, key=len, reverse=True)
    for word in candidates:
        if len(word) >= 3 and word in letters:
            return len(letters.replace(word, "", 1)) < MIN_OWN_LETTERS
    return len(letters) < MIN_OWN_LETTERS


def _personal_words(personal: tuple[str, ...]) -> list[str]:
    words: list[str] = []
    for value in personal:
        value = _fold(value or "")
        if not value:
            continue
        words.append(value)
        words.extend(part for part in re.split(r"[^a-z0-9]+", value) if part)
    return words


def _fold(text: str, keep_case: bool = False) -> str:
    """Without accents (and lower-case unless ``keep_case``): « Hélène » and « helene » are one word."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text if keep_case else text.lower()


def _reason(result: dict) -> str:
    patterns = {match["pattern"] for match in result["sequence"]}
    base = "Ce mot de passe est trop facile à deviner"
    if "repeat" in patterns:
        why = " : il répète les mêmes caractères."
    elif "sequence" in patterns or "spatial" in patterns:
        why = " : il suit une suite de touches ou de chiffres (« 1234 », « azerty »)."
    elif "dictionary" in patterns:
        why = " : il est fait d'un mot de passe courant, d'un mot du dictionnaire ou d'un prénom."
    elif "date" in patterns:
        why = " : il contient une date."
    else:
        why = "."
    return base + why + _ADVICE


_ADVICE = (" Choisissez plutôt plusieurs mots sans rapport entre eux, par exemple "
           "« piano tulipe orage radis ».")


def _refusal(message: str) -> DomainError:
    return DomainError(message, field="password")
