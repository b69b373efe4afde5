"""What an attestation may say, built from the person's records, and how it reads.

Only these sources are ever read: the sessions the person was present at (their group, dates and themes),
the objectives a review marked reached (their wording), the skills chosen from the list, and a sentence of
the person's own. Nothing here reads a benefit, a referral (its reason, its referrer), an absence, or a
review's other fields: an attestation cannot say them, whatever is ticked."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session as DbSession

from shared.attestations.models import Attestation, ItemKind
from shared.attestations.queries import journey, objectives_reached
from shared.dates import fr
from shared.people.models import Participant

NBSP = "\u00a0"


@dataclass(frozen=True)
class Proposal:
    """An item the attestation may carry if the person agrees: ``key`` names it in the form."""

    key: str
    kind: ItemKind
    text: str


@dataclass(frozen=True)
class Section:
    """A heading of the document with its picture, and the lines under it."""

    kind: str
    heading: str
    picture: str
    lines: list[str]


# Headings in plain French (FALC), each with its picture; items of the kinds of a section go under it.
SECTIONS = (
    ("group", "Mon groupe", "group", (ItemKind.GROUP,)),
    ("done", "Ce que j'ai fait", "calendar", (ItemKind.SESSIONS, ItemKind.ACTIVITIES)),
    ("objectives", "Mes objectifs atteints", "target", (ItemKind.OBJECTIVE,)),
    ("skills", "Ce que je sais faire", "star", (ItemKind.SKILL,)),
    ("own_words", "En mes mots", "speech", (ItemKind.OWN_WORDS,)),
)


def sessions_text(count: int) -> str:
    return f"J'ai participé à {count} séance{'s' if count > 1 else ''}."


def proposals(db: DbSession, participant: Participant) -> list[Proposal]:
    """The items built from the records of the person's current group, in the document's order."""
    group = participant.group
    found = journey(db, participant.id, group.id)
    items: list[Proposal] = []
    if found.sessions:
        period = (f"le {fr(found.first_on)}" if found.first_on == found.last_on
                  else f"du {fr(found.first_on)} au {fr(found.last_on)}")
        items.append(Proposal("group", ItemKind.GROUP, f"Groupe {group.name}, {period}."))
        items.append(Proposal("sessions", ItemKind.SESSIONS, sessions_text(found.sessions)))
    if found.themes:
        items.append(Proposal("activities", ItemKind.ACTIVITIES,
                              f"Activités{NBSP}: {', '.join(theme.lower() for theme in found.theme_names)}."))
    for objective in db.scalars(objectives_reached(participant.id)):
        items.append(Proposal(f"objective-{objective.id}", ItemKind.OBJECTIVE, objective.wording.strip()))
    return items


def sections(attestation: Attestation) -> list[Section]:
    """The included items under their headings; a heading with nothing under it is left out."""
    found = []
    for key, heading, picture, kinds in SECTIONS:
        lines = [item.text for item in attestation.included if item.kind in kinds]
        if lines:
            found.append(Section(key, heading, picture, lines))
    return found

