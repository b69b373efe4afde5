"""What a password must not be made of, beyond zxcvbn's lists: the product's name, the structure's own
words (its groups, their districts and places, its themes) and the account's names and address.

« ID'MIX2026! » or « Nadia2026!! » pass zxcvbn (a word, a year, two signs): ``check_password_strength``
also refuses a password whose letters are one known word and little else.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.groups.models import Group, Theme

APP_WORDS = (
    "idmix", "id'mix", "id mix", "id-mix", "action collective", "actioncollective", "circonscription",
    "travailleur social", "orienteur", "animateur", "animatrice", "participant", "atelier", "insertion",
    "rsa", "accompagnement", "contrat", "emargement", "tablette", "departement", "conseil departemental",
)


def structure_words(db: DbSession) -> tuple[str, ...]:
    """The names of the groups, their districts and places, and the themes: what the office reads every day."""
    words: list[str] = list(APP_WORDS)
    for name, district, location in db.execute(select(Group.name, Group.district, Group.location)):
        words.extend(value for value in (name, district, location) if value)
    words.extend(db.scalars(select(Theme.name)))
    return tuple(words)
