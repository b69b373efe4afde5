"""Why a sign-in made offline waits for the facilitator, written for staff.

The tablet's refusals speak to the participant (« Vous pouvez encore essayer 4 fois. »); the facilitator who
reads the « présences à confirmer » needs what happened and what to do: « Code tablette faux 3 fois de
suite, présence à vérifier. »
"""

from __future__ import annotations

from shared.errors import DomainError
from shared.kiosk.errors import DeviceLocked, PinLocked, PinNotSet, WrongPin
from shared.kiosk.pins import PERSON_MAX_FAILURES

TO_CHECK = "présence à vérifier"
# How the reasons began before they were written for staff (rows already stored).
LEGACY_PIN_PREFIX = "Code donné hors ligne non accepté"


def staff_reason(refusal: DomainError) -> str:
    """The reason staff read for a refused offline sign-in (a wrong PIN, a lock, a rule of the session)."""
    if isinstance(refusal, PinNotSet):
        return f"Pas de code enregistré pour cette personne (hors ligne), {TO_CHECK}."
    if isinstance(refusal, DeviceLocked):
        return f"Saisie des codes en pause sur la tablette après trop de codes faux (hors ligne), {TO_CHECK}."
    if isinstance(refusal, PinLocked) and not refusal.fresh:
        return f"Code de la personne bloqué après des codes faux (hors ligne), {TO_CHECK}."
    if isinstance(refusal, (WrongPin, PinLocked)):  # a wrong PIN, the last one before a lock included
        wrong = refusal.failures if isinstance(refusal, WrongPin) else PERSON_MAX_FAILURES
        return f"Code tablette faux {'1 fois' if wrong == 1 else f'{wrong} fois de suite'} (hors ligne), {TO_CHECK}."
    return f"Signature hors ligne refusée à la réception : {refusal.message}"


def reason_for_staff(stored: str) -> str:
    """A stored reason as staff read it: those written for the participant before are rewritten."""
    if stored.startswith(LEGACY_PIN_PREFIX):
        return f"Code tablette non accepté (hors ligne), {TO_CHECK}."
    return stored
