"""What each kind of import reads, and which column holds what, guessed from the French headers teams write.

A header is compared folded (no case, no accents, no « (e) » nor punctuation): « Né(e) en », « NEE EN » and
« né en : » are the same. The user corrects the guess; ``mappings`` remembers it for files of the same shape.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from shared.imports import cells
from shared.imports.errors import ImportRefused
from shared.search import fold

HEADER_ROWS_SCANNED = 10  # title lines above the headers (« Groupe ID'MIX – 2019 ») are skipped
SESSION = "session"  # an attendance grid's column of one session (its header is the day)
IGNORED = ""


class ImportKind(Enum):
    PEOPLE = ("people", "Personnes et orientations")
    CONTRACTS = ("contracts", "Contrats")
    ATTENDANCE = ("attendance", "Séances et présences")

    def __init__(self, code: str, label: str) -> None:
        self.code, self.label = code, label

    @classmethod
    def from_code(cls, code: str | None) -> "ImportKind | None":
        return next((kind for kind in cls if kind.code == code), None)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...]


def _field(key: str, label: str, *aliases: str) -> Field:
    return Field(key, label, tuple(header_key(alias) for alias in (label, *aliases)))


def header_key(text) -> str:
    """« Né(e) en : » → « ne en »; « Orienté(e) par » → « oriente par »; « N° de fiche » → « n de fiche »."""
    folded = fold(cells.text(text) or "").replace("’", "'")
    folded = re.sub(r"\((?:e|s|es|trice|ere|euse)\)", "", folded)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


PERSON = (
    _field("last_name", "Nom", "nom de famille", "nom d'usage", "nom usuel", "noms"),
    _field("first_name", "Prénom", "prenoms"),
    _field("birth_year", "Né(e) en", "nee en", "annee de naissance", "date de naissance", "naissance", "ne le",
           "nee le", "annee naissance"),
    _field("participant_id", "N° de fiche", "numero de fiche", "n fiche", "fiche", "identifiant"),
)
PEOPLE_FIELDS = PERSON + (
    _field("gender", "Genre", "sexe", "civilite", "h f"),
    _field("town", "Commune", "ville", "lieu de residence"),
    _field("phone", "Téléphone", "tel", "portable", "telephone portable", "numero de telephone"),
    _field("benefit", "Minimum social", "allocation", "prestation", "minima social", "minima sociaux"),
    _field("referred_on", "Date d'orientation", "orientation le", "oriente le", "date orientation",
           "date de l'orientation", "orientation"),
    _field("referrer", "Orienté(e) par", "orienteur", "travailleur social", "referent", "oriente par",
           "travailleur social orienteur", "prescripteur"),
    _field("referrer_job", "Fonction de l'orienteur", "fonction", "metier de l'orienteur"),
    _field("reason", "Motif", "motif de l'orientation", "motif d'orientation"),
)
CONTRACT_FIELDS = PERSON + (
    _field("starts_on", "Début", "date de debut", "debut du contrat", "du", "date debut"),
    _field("ends_on", "Fin", "date de fin", "fin du contrat", "au", "date fin"),
    _field("objectives", "Objectifs", "objectif"),
    _field("expectations", "Attentes", "attentes de la personne"),
    _field("facilitator", "Animateur(trice)", "animateur", "animatrice", "animation"),
    _field("referrer", "Orienté(e) par", "orienteur", "travailleur social", "referent", "oriente par"),
    _field("participant_signed_on", "Signé par la personne le", "signature de la personne", "signature personne",
           "signe par la personne", "signature participant", "signature du participant"),
    _field("facilitator_signed_on", "Signé par l'animateur(trice) le", "signature de l'animateur",
           "signature animateur", "signe par l'animateur"),
    _field("referrer_signed_on", "Signé par l'orienteur le", "signature de l'orienteur", "signature orienteur",
           "signe par l'orienteur", "signature du travailleur social"),
)
ATTENDANCE_FIELDS = PERSON + (
    _field("held_on", "Date de la séance", "date", "seance", "jour", "date seance"),
    _field("status", "Présence", "statut", "emargement", "present", "presence absence"),
)
FIELDS = {ImportKind.PEOPLE: PEOPLE_FIELDS, ImportKind.CONTRACTS: CONTRACT_FIELDS,
          ImportKind.ATTENDANCE: ATTENDANCE_FIELDS}
REQUIRED = {ImportKind.PEOPLE: ("last_name", "first_name"), ImportKind.CONTRACTS: ("last_name", "first_name",
            "starts_on"), ImportKind.ATTENDANCE: ("last_name", "first_name")}


def field_labels(kind: ImportKind) -> dict[str, str]:
    labels = {field.key: field.label for field in FIELDS[kind]}
    if kind is ImportKind.ATTENDANCE:
        labels[SESSION] = "Séance de ce jour (grille)"
    return labels


@dataclass
class Layout:
    """Where the headers are and what each column holds (``mapping``: column index → field key)."""

    header_row: int  # index in the sheet's rows
    headers: list[str]
    mapping: dict[int, str]

    @property
    def digest(self) -> str:
        return shape_digest(self.headers)

    def column_of(self, key: str) -> int | None:
        return next((column for column, field in self.mapping.items() if field == key), None)

    def session_columns(self) -> dict[int, object]:
        return {column: self.headers[column] for column, field in self.mapping.items() if field == SESSION}


def shape_digest(headers: list) -> str:
    """The same header row, however typed (case, accents, spaces), gives the same digest."""
    return hashlib.sha256("\x1f".join(header_key(h) for h in headers).encode()).hexdigest()


def guess_field(kind: ImportKind, header) -> str:
    key = header_key(header)
    if not key:
        return IGNORED
    for field in FIELDS[kind]:
        if key in field.aliases:
            return field.key
    if kind is ImportKind.ATTENDANCE and _is_day(header):
        return SESSION
    return IGNORED


def _is_day(header) -> bool:
    try:
        return cells.date(header) is not None
    except cells.CellError:
        return False


def guess_mapping(kind: ImportKind, headers: list) -> dict[int, str]:
    mapping, taken = {}, set()
    for column, header in enumerate(headers):
        field = guess_field(kind, header)
        if field and (field == SESSION or field not in taken):
            mapping[column] = field
            taken.add(field)
    return mapping


def find_layout(kind: ImportKind, rows: list[tuple[int, list]]) -> Layout:
    """The header row: among the first lines, the one where most headers are recognised."""
    best: Layout | None = None
    for index, (_number, values) in enumerate(rows[:HEADER_ROWS_SCANNED]):
        headers = [cells.text(value) or "" for value in values]  # a day typed as a date reads JJ/MM/AAAA
        mapping = guess_mapping(kind, headers)
        if best is None or len(mapping) > len(best.mapping):
            best = Layout(header_row=index, headers=headers, mapping=mapping)
    if best is None or not _usable(kind, best.mapping):
        expected = ", ".join(f"« {field.label} »" for field in FIELDS[kind][:3])
        raise ImportRefused(f"Aucune colonne reconnue dans ce fichier : la première ligne doit porter les titres "
                            f"des colonnes, par exemple {expected}.")
    return best


def _usable(kind: ImportKind, mapping: dict[int, str]) -> bool:
    found = set(mapping.values())
    return bool(found & {"last_name", "first_name", "participant_id"}) and len(found) >= 2


def guess_kind(sheet_rows: list[tuple[int, list]]) -> ImportKind:
    """From the headers: dates of a contract → contracts; sessions → attendance; else people."""
    scores = {}
    for kind in ImportKind:
        try:
            layout = find_layout(kind, sheet_rows)
        except ImportRefused:
            continue
        found = set(layout.mapping.values())
        specific = {ImportKind.CONTRACTS: {"starts_on", "ends_on", "objectives"},
                    ImportKind.ATTENDANCE: {"held_on", "status", SESSION},
                    ImportKind.PEOPLE: {"referrer", "referred_on", "town", "gender", "phone", "benefit"}}[kind]
        scores[kind] = len(found & specific)
    if not scores:
        find_layout(ImportKind.PEOPLE, sheet_rows)  # raises the French refusal
    return max(scores, key=lambda kind: (scores[kind], kind is ImportKind.PEOPLE))


def check_mapping(kind: ImportKind, mapping: dict[int, str], headers: list[str]) -> None:
    """The columns a row cannot do without; a field given by two columns; a session column titled by its day."""
    found = [field for field in mapping.values() if field and field != SESSION]
    labels = field_labels(kind)
    doubled = sorted({field for field in found if found.count(field) > 1})
    if doubled:
        raise ImportRefused(f"Deux colonnes donnent « {labels[doubled[0]]} » : gardez-en une seule.")
    has_person = "participant_id" in found or {"last_name", "first_name"} <= set(found)
    if not has_person:
        raise ImportRefused("Indiquez les colonnes « Nom » et « Prénom » (ou « N° de fiche »).")
    missing = [key for key in REQUIRED[kind] if key not in found and key not in ("last_name", "first_name")]
    if missing:
        raise ImportRefused(f"Indiquez la colonne « {labels[missing[0]]} ».")
    if kind is ImportKind.ATTENDANCE:
        grid = SESSION in mapping.values()
        rows = {"held_on", "status"} <= set(found)
        for column, field in mapping.items():
            if field == SESSION and not _is_day(headers[column]):
                raise ImportRefused(f"La colonne « {headers[column]} » n'est pas une date : seule une colonne dont le "
                                    "titre est le jour de la séance (JJ/MM/AAAA) peut être une séance de la grille.")
        if not grid and not rows:
            raise ImportRefused("Indiquez la colonne « Date de la séance » et la colonne « Présence », ou une "
                                "colonne par séance dont le titre est sa date (une grille).")
