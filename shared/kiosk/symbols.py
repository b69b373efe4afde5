"""The symbols a person may choose with the facilitator: a picture on their tile and PIN screen.

Someone who reads little finds their tile by its picture (an animal, a fruit, an object), never a
photo. The pictures are Twemoji graphics shipped with the kiosk (kiosk/static/symbols/, see the
LICENCE.md there). Within a group, one symbol belongs to one person, so nobody picks the wrong tile.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.audit.models import AuditAction
from shared.errors import DomainError
from shared.kiosk import audit
from shared.people.models import Participant
from shared.people.queries import may_attend_condition
from shared.staff.models import StaffMember
from shared.writes import operation


@dataclass(frozen=True)
class Symbol:
    key: str      # the file name in kiosk/static/symbols/ and the value stored in participant.symbol
    label: str    # what « Écouter » says and what a screen reader reads: "le chat"
    family: str   # "animal", "fruit" or "objet": the back-office groups them


def _family(family: str, *pairs: tuple[str, str]) -> list[Symbol]:
    return [Symbol(key, label, family) for key, label in pairs]


SYMBOLS: list[Symbol] = (
    _family("animal", ("chat", "le chat"), ("chien", "le chien"), ("lapin", "le lapin"), ("renard", "le renard"),
            ("ours", "l'ours"), ("panda", "le panda"), ("lion", "le lion"), ("tigre", "le tigre"),
            ("vache", "la vache"), ("cochon", "le cochon"), ("grenouille", "la grenouille"), ("singe", "le singe"),
            ("poule", "la poule"), ("pingouin", "le pingouin"), ("hibou", "le hibou"), ("tortue", "la tortue"),
            ("poisson", "le poisson"), ("papillon", "le papillon"), ("abeille", "l'abeille"),
            ("escargot", "l'escargot"), ("elephant", "l'éléphant"), ("cheval", "le cheval"))
    + _family("fruit", ("pomme", "la pomme"), ("banane", "la banane"), ("cerises", "les cerises"),
              ("fraise", "la fraise"), ("raisin", "le raisin"), ("poire", "la poire"), ("citron", "le citron"),
              ("pasteque", "la pastèque"), ("ananas", "l'ananas"), ("carotte", "la carotte"))
    + _family("objet", ("soleil", "le soleil"), ("lune", "la lune"), ("etoile", "l'étoile"),
              ("tournesol", "le tournesol"), ("arbre", "l'arbre"), ("parapluie", "le parapluie"), ("cle", "la clé"),
              ("velo", "le vélo"), ("voiture", "la voiture"), ("maison", "la maison"), ("guitare", "la guitare"),
              ("ballon", "le ballon"), ("cloche", "la cloche"), ("ancre", "l'ancre"), ("bateau", "le bateau"),
              ("chapeau", "le chapeau"))
)
# The SVG files, served by the kiosk as static files and by the back-office's symbol page.
FOLDER = Path(__file__).resolve().parents[2] / "kiosk" / "static" / "symbols"
BY_KEY: dict[str, Symbol] = {symbol.key: symbol for symbol in SYMBOLS}
FAMILIES = {"animal": "Animaux", "fruit": "Fruits et légumes", "objet": "Objets et nature"}


def symbol_of(participant: Participant) -> Symbol | None:
    """The person's symbol, or None (no symbol chosen, or one no longer shipped)."""
    return BY_KEY.get(getattr(participant, "symbol", None) or "")


def taken_in_group(db: DbSession, group_id: int | None, *, besides: Participant | None = None) -> dict[str, Participant]:
    """Symbol key → the person of the group (still expected at sessions) who has it."""
    if group_id is None:
        return {}
    query = select(Participant).where(Participant.group_id == group_id, Participant.symbol.is_not(None),
                                      may_attend_condition())
    if besides is not None and besides.id is not None:
        query = query.where(Participant.id != besides.id)
    return {person.symbol: person for person in db.scalars(query)}


@operation
def set_symbol(db: DbSession, participant: Participant, key: str | None, *, actor: StaffMember | None,
               now: dt.datetime) -> None:
    """Give ``participant`` the symbol ``key`` (None: no symbol). Refused if unknown or taken in the group."""
    key = (key or "").strip() or None
    if key is not None and key not in BY_KEY:
        raise DomainError("Choisissez un symbole de la liste.", field="symbol")
    if key is not None:
        holder = taken_in_group(db, participant.group_id, besides=participant).get(key)
        if holder is not None:
            raise DomainError(
                f"Ce symbole ({BY_KEY[key].label}) est déjà celui de {holder.kiosk_name} dans ce groupe : "
                "choisissez-en un autre.", field="symbol")
    previous = participant.symbol
    if previous == key:
        return
    participant.symbol = key
    audit.record(db, actor=actor, action=AuditAction.UPDATE, table_name="participant", record_id=participant.id,
                 changes={"symbol": [previous, key]}, now=now)
    db.flush()
