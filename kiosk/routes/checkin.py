"""Sign-in (émargement): tap your name, type your PIN if the group asks for one, "Bienvenue !"."""

from __future__ import annotations

from flask import Blueprint, render_template

from shared import clock
from shared.errors import CheckInRefused
from shared.kiosk.errors import PinRefused
from shared.kiosk.pins import verify_pin
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.sessions.operations import check_in

from .. import screens
from ..extensions import db
from ..forms import id_field, raw_field

bp = Blueprint("checkin", __name__, url_prefix="/signer")


@bp.get("")
def people():
    session = screens.open_session_or_none()
    if session is None:
        return screens.no_session_screen("signin")
    return render_template("checkin/people.html", letters=screens.tile_letters(session), action="checkin.pick",
                           hidden={})


@bp.post("/personne", endpoint="pick", defaults={"pin_typed": False})
@bp.post("/code", endpoint="confirm", defaults={"pin_typed": True})
def named(pin_typed: bool):
    """A name tapped, then (``/code``) the PIN typed where the group asks for one."""
    session = screens.open_session_or_none()
    if session is None:
        return screens.no_session_screen("signin")
    participant = screens.person(id_field("participant"), session)
    if stop := pin_step(participant, typed=pin_typed):
        return stop
    return _sign_in(session, participant)


def render_pin(participant: Participant, *, error: str | None = None, action: str = "checkin.confirm",
               hidden: dict | None = None, picture: str | None = None):
    return render_template("pin.html", participant=participant, error=error, action=action, hidden=hidden or {},
                           picture=picture, symbol=screens.symbol_of(participant))


def pin_step(participant: Participant, *, typed: bool, action: str = "checkin.confirm", hidden: dict | None = None):
    """The PIN step of every journey that names a person, where the group asks for a PIN: the PIN screen once
    the name is tapped (``typed`` False), then the check of the PIN typed there, whose refusal shows the PIN
    screen again (403). None when the person may go on."""
    if not screens.device().group.requires_pin:
        return None
    if not typed:
        return render_pin(participant, action=action, hidden=hidden)
    try:
        verify_pin(db.session, device=screens.device(), participant=participant, pin=raw_field("pin")[:8],
                   now=clock.now())
    except PinRefused as refusal:
        return render_pin(participant, error=refusal.message, action=action, hidden=hidden,
                          picture=screens.refusal_picture(refusal)), 403
    return None


def _sign_in(session: Session, participant: Participant):
    try:
        result = check_in(db.session, session=session, participant=participant, now=clock.now())
    except CheckInRefused as refusal:
        return render_template("message.html", title="Signature impossible", text=refusal.message,
                               picto_name="refused"), 409
    return render_template("checkin/welcome.html", participant=participant, already=not result.created)
