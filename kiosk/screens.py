"""What the kiosk screens show, read through the named queries of ``shared``."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from flask import abort, current_app, g, render_template
from sqlalchemy.orm import joinedload

from shared import clock
from shared.kiosk.models import Device
from shared.people.models import Participant
from shared.people.queries import may_attend
from shared.sessions.models import Session
from shared.sessions.queries import next_session, session_on

from .extensions import db

THEME_PICTOGRAMS = {"cuisine", "ateliers_manuels", "sorties", "sante_nutrition", "jardinage", "atelier"}


@dataclass
class Letter:
    letter: str
    people: list[Participant]


def device() -> Device:
    return g.device


def today_session() -> Session | None:
    # With its group: the sign-in reads the group's settings (PIN, sign-in window) more than once.
    return db.session.scalar(session_on(device().group_id, clock.today()).options(joinedload(Session.group)))


def upcoming_session() -> Session | None:
    return db.session.scalar(next_session(device().group_id, clock.today() + dt.timedelta(days=1)))


def open_session_or_none() -> Session | None:
    session = today_session()
    return session if session is not None and not session.cancelled else None


def people() -> list[Participant]:
    """The sign-in tiles: people who may attend, alphabetical by their kiosk name."""
    found = db.session.scalars(may_attend(device().group_id)).all()
    return sorted(found, key=lambda p: _fold(p.kiosk_name))


def by_letter(found: list[Participant]) -> list[Letter]:
    letters: list[Letter] = []
    for person in found:
        letter = (_fold(person.first_name)[:1] or "?").upper()
        if not letters or letters[-1].letter != letter:
            letters.append(Letter(letter, []))
        letters[-1].people.append(person)
    return letters


def tile_letters() -> list[Letter]:
    """Tiles under letter tabs when there are many people, else one unnamed block."""
    found = people()
    if len(found) >= current_app.config["KIOSK_TILE_TABS_FROM"]:
        return by_letter(found)
    return [Letter("", found)]


def no_session_screen(picto_name: str):
    from .views import long_date

    upcoming = upcoming_session()
    text = "Il n'y a pas de séance aujourd'hui."
    if upcoming is not None:
        text += f" Prochaine séance : {long_date(upcoming.held_on)}."
    return render_template("message.html", title="Pas de séance aujourd'hui", text=text, picto_name=picto_name), 409


def person(participant_id: int) -> Participant:
    """A person of the tablet's group who may attend; anyone else is a calm 400 screen."""
    found = db.session.scalar(may_attend(device().group_id).where(Participant.id == participant_id))
    if found is None:
        abort(400, description="Cette personne n'est pas dans la liste de ce groupe.")
    return found


def pictogram(session: Session | None) -> str:
    key = session.theme.pictogram if session is not None and session.theme is not None else "atelier"
    return key if key in THEME_PICTOGRAMS else "atelier"


def _fold(text: str) -> str:
    """"Élodie" sorts with "E": accents and case left out of the comparison."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
