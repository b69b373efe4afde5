"""The demo's partner structures (issue #32): the ID'MIX group's directory, the last outing and the next one held
at a partner's, and the partners the exit plans name (``loader.DEMO_EXIT_PLANS``). Structures' contacts, never
a participant's data; the phone numbers are of the range kept for fiction (01 99 00 …, ARCEP)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session as DbSession

from shared.groups.models import Group
from shared.partners.models import Partner, PartnerKind
from shared.partners.operations import add_partner
from shared.sessions.models import Session
from shared.sessions.planning import update_session

JARDIN = "Association Le Jardin partagé"
AFPA = "Centre de formation AFPA de Villeneuve"
# (name, kind, address, contact, phone, e-mail)
DEMO_PARTNERS = [
    (JARDIN, PartnerKind.ASSOCIATION, "8 chemin des Vergers, Villeneuve", "Rose Delmas", "01 99 00 12 34",
     "contact@jardin-partage.exemple.fr"),
    (AFPA, PartnerKind.TRAINING, "40 avenue de l'Europe, Villeneuve", "Karim Bensaïd", "01 99 00 23 45",
     "accueil.villeneuve@afpa.exemple.fr"),
    ("Recyclerie du Val (atelier chantier d'insertion)", PartnerKind.INTEGRATION, "3 rue de la Gare, Les Ormes",
     "Claire Petitjean", "01 99 00 34 56", None),
    ("Épicerie solidaire La Passerelle", PartnerKind.ASSOCIATION, "15 place du Marché, Villeneuve", None,
     "01 99 00 45 67", None),
    ("Centre municipal de santé", PartnerKind.HEALTH, "2 rue Pasteur, Villeneuve", None, "01 99 00 56 78", None),
]
# The outings held at a partner's: the last one before today and the next one.
PAST_VISIT = (JARDIN, "Visite du jardin partagé")
NEXT_VISIT = (AFPA, "Visite du centre de formation")


def add_demo_partners(db: DbSession, group: Group, sessions: list[Session], today: dt.date) -> dict[str, Partner]:
    """The directory, and two outings at a partner's; returns the partners by name."""
    partners = {name: add_partner(db, name=name, kind=kind, address=address, contact_name=contact, phone=phone,
                                  email=email, groups=[group])
                for name, kind, address, contact, phone, email in DEMO_PARTNERS}
    db.flush()
    outings = [s for s in sessions if s.theme is not None and s.theme.pictogram == "sorties" and not s.cancelled]
    past, coming = [s for s in outings if s.held_on < today], [s for s in outings if s.held_on > today]
    for chosen, (name, title) in ((past[-1:], PAST_VISIT), (coming[:1], NEXT_VISIT)):
        for session in chosen:
            update_session(db, session, group=session.group, held_on=session.held_on, starts_at=session.starts_at,
                           ends_at=session.ends_at, theme=session.theme, title=title, place=session.place,
                           capacity=session.capacity, partner=partners[name], at_partner=True)
    return partners
