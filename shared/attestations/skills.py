"""The skills an attestation may recognise: a built-in list of everyday and transversal skills, written for
ID'MIX (no licensed framework), that admins extend with their own (``Skill`` rows)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.alphabetical import alphabetical
from shared.attestations.models import MAX_SKILL_NAME, Skill
from shared.errors import DomainError
from shared.text import strip_control_characters
from shared.writes import operation

DEFAULT_SKILLS = (
    "Travailler en groupe",
    "Tenir un engagement",
    "Être à l'heure",
    "Organiser une sortie",
    "Parler devant les autres",
    "Écouter les autres",
    "Cuisiner pour un groupe",
    "Gérer un petit budget",
    "Prendre des initiatives",
    "Aider un autre participant",
    "Demander de l'aide quand il le faut",
    "Faire des démarches par téléphone",
    "Se repérer dans les transports",
    "Mener un projet jusqu'au bout",
)


class SkillError(DomainError):
    """A skill that cannot be added as typed."""


def skill_choices(db: DbSession) -> list[str]:
    """The built-in skills, then the active ones admins added, each once."""
    added = db.scalars(select(Skill.name).where(Skill.active.is_(True)).order_by(*alphabetical(Skill.name))).all()
    folded = {name.casefold() for name in DEFAULT_SKILLS}
    return list(DEFAULT_SKILLS) + [name for name in added if name.casefold() not in folded]


def clean_skill_name(name: str | None) -> str:
    text = " ".join(strip_control_characters(name or "").split())
    if not text:
        raise SkillError("Écrivez la compétence (par exemple « Animer un atelier »).", field="name")
    if len(text) > MAX_SKILL_NAME:
        raise SkillError(f"{MAX_SKILL_NAME} caractères au plus.", field="name")
    return text


@operation
def add_skill(db: DbSession, name: str | None, *, active: bool = True) -> Skill:
    """A skill of the team's own, offered with the built-in ones; the same name twice is refused."""
    text = clean_skill_name(name)
    taken = [existing.casefold() for existing in (*DEFAULT_SKILLS, *db.scalars(select(Skill.name)).all())]
    if text.casefold() in taken:
        raise SkillError(f"« {text} » est déjà dans la liste.", field="name")
    skill = Skill(name=text, active=bool(active))
    db.add(skill)
    return skill


@operation
def update_skill(db: DbSession, skill: Skill, *, name: str | None, active: bool) -> Skill:
    """Rename a skill or stop offering it; the attestations that recognised it keep their words."""
    text = clean_skill_name(name)
    others = [existing.casefold() for existing in (
        *DEFAULT_SKILLS, *db.scalars(select(Skill.name).where(Skill.id != skill.id)).all())]
    if text.casefold() in others:
        raise SkillError(f"« {text} » est déjà dans la liste.", field="name")
    skill.name, skill.active = text, bool(active)
    return skill
