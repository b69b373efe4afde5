"""What the kiosk screens show, read through the named queries of ``shared``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import abort, current_app, g, render_template
from sqlalchemy.orm import joinedload

from shared import clock
from shared.alphabetical import sort_key
from shared.dates import fr_long_without_year
from shared.kiosk.errors import DeviceLocked, KioskError, PinLocked, WrongPin
from shared.kiosk.models import Device
from shared.kiosk.symbols import Symbol
from shared.kiosk.symbols import symbol_of as _symbol_of
from shared.people.models import Participant
from shared.people.queries import may_attend
from shared.search import fold
from shared.sessions.models import Session
from shared.sessions.queries import may_attend_session, next_session, session_on

from .extensions import db

THEME_PICTOGRAMS = {"cuisine", "ateliers_manuels", "sorties", "sante_nutrition", "jardinage", "atelier"}


@dataclass
class Tile:
    """One person on the sign-in grid: the name, the symbol they chose, and where the letter bar jumps."""

    person: Participant
    symbol: Symbol | None
    anchor: str = ""  # "lettre-F" on the first tile of each letter, when the letter bar is shown

    @property
    def spoken(self) -> str:
        return f"{self.person.kiosk_name}, {self.symbol.label}" if self.symbol else self.person.kiosk_name


@dataclass
class Tiles:
    tiles: list[Tile]
    letters: list[str]  # the shortcut bar, only beyond a group of 30

    @property
    def columns(self) -> int:
        """Four or more per row, so that a group of 30 fits one screen without scrolling."""
        count = len(self.tiles)
        return 4 if count <= 12 else 5 if count <= 20 else 6


def device() -> Device:
    return g.device


def today_session() -> Session | None:
    # With its group: the sign-in reads the group's settings (PIN, sign-in window) more than once; with the guest
    # groups of a joint session in the same query: the sign-in checks the person's group is one of them.
    query = session_on(device().group_id, clock.today()).options(joinedload(Session.group),
                                                                 joinedload(Session.guest_groups))
    return db.session.execute(query).unique().scalars().first()


def upcoming_session() -> Session | None:
    return db.session.scalar(next_session(device().group_id, clock.today() + dt.timedelta(days=1)))


def open_session_or_none() -> Session | None:
    session = today_session()
    return session if session is not None and not session.cancelled else None


def _who_may(session: Session | None):
    """The tablet's group's people; on a joint session's day, every one of its groups' people: each signs in on
    their own group's tablet or on the host's."""
    return may_attend(device().group_id) if session is None else may_attend_session(session)


def people(session: Session | None = None) -> list[Participant]:
    """The sign-in tiles: people who may attend (``session``: at today's session), alphabetical by kiosk name."""
    found = db.session.scalars(_who_may(session)).all()
    return sorted(found, key=lambda p: sort_key(p.kiosk_name))  # « Élodie » among the E


def tile_letters(session: Session | None = None) -> Tiles:
    """The day's people in one grid; beyond a group of 30, a bar of letters jumps to a letter's first tile."""
    found = people(session)
    tiles = [Tile(person, symbol_of(person)) for person in found]
    if len(found) < current_app.config["KIOSK_TILE_TABS_FROM"]:
        return Tiles(tiles, [])
    letters = []
    for tile in tiles:
        letter = (fold(tile.person.first_name)[:1] or "?").upper()
        if letter not in letters:
            letters.append(letter)
            tile.anchor = f"lettre-{letter}"
    return Tiles(tiles, letters)


def symbol_of(participant: Participant) -> Symbol | None:
    return _symbol_of(participant)


def refusal_picture(refusal: KioskError) -> str:
    """Its own picture for each refusal; never the success face."""
    if isinstance(refusal, (PinLocked, DeviceLocked)):
        return "pin-locked"
    if isinstance(refusal, WrongPin):
        return "pin-wrong"
    return "refused"


def no_session_screen(picto_name: str):
    upcoming = upcoming_session()
    text = "Il n'y a pas de séance aujourd'hui."
    if upcoming is not None:
        text += f" Prochaine séance : {fr_long_without_year(upcoming.held_on)}."
    # The calendar with a cross whatever the journey: the journey's own picture would look like success.
    return render_template("message.html", title="Pas de séance aujourd'hui", text=text,
                           picto_name="no-session"), 409


def person(participant_id: int, session: Session | None = None) -> Participant:
    """A person of the tablet's group (``session``: of one of today's session's groups) who may attend; anyone
    else is a calm 400 screen."""
    found = db.session.scalar(_who_may(session).where(Participant.id == participant_id))
    if found is None:
        abort(400, description="Cette personne n'est pas dans la liste de ce groupe.")
    return found


def pictogram(session: Session | None) -> str:
    key = session.theme.pictogram if session is not None and session.theme is not None else "atelier"
    return key if key in THEME_PICTOGRAMS else "atelier"

