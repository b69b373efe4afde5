"""« Mon parcours »: a person sees their own journey in pictures (sessions attended this year, skills recognised
on their attestations) and may ask the facilitator for their attestation.

The person taps their name, then types their PIN: only where the group asks for PINs
(``shared.attestations.tablet``); elsewhere the tablet offers no « Mon parcours ». The journey screen
carries a pass signed by the kiosk (the person's id, valid a few minutes): the request it sends names nobody else,
and a screen sent back later by « Retour » cannot be used to ask for someone else's."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, render_template
from itsdangerous import BadSignature, URLSafeTimedSerializer

from shared import clock
from shared.attestations.operations import request_attestation
from shared.attestations.queries import journey, pending_requests, skills_recognised
from shared.attestations.tablet import journey_on_tablet
from shared.people.models import Participant

from .. import screens
from ..extensions import db
from ..forms import id_field, raw_field
from .checkin import pin_step

bp = Blueprint("journey", __name__, url_prefix="/parcours")

PASS_SECONDS = 10 * 60


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="idmix-kiosk-journey")


def _without_pins():
    """The refusal of a group that asks no PIN (None where it asks one)."""
    if journey_on_tablet(screens.device().group):
        return None
    return render_template("message.html", title="Mon parcours", picto_name="lock",
                           text="Pour voir son parcours sur la tablette, il faut un code personnel. "
                                "Demandez à l'animateur."), 403


@bp.get("")
def people():
    if refused := _without_pins():
        return refused
    return render_template("checkin/people.html", letters=screens.tile_letters(), action="journey.pick", hidden={},
                           question="Mon parcours : touchez votre prénom", picto_name="star")


@bp.post("/personne", endpoint="pick", defaults={"pin_typed": False})
@bp.post("/code", endpoint="confirm", defaults={"pin_typed": True})
def named(pin_typed: bool):
    if refused := _without_pins():
        return refused
    participant = screens.person(id_field("participant"))
    if stop := pin_step(participant, typed=pin_typed, action="journey.confirm"):
        return stop
    return _journey(participant)


@bp.post("/demande")
def ask():
    """« Je demande mon attestation », from the journey screen's pass."""
    if refused := _without_pins():
        return refused
    try:
        participant_id = _signer().loads(raw_field("pass")[:200], max_age=PASS_SECONDS)
    except BadSignature:
        return render_template("message.html", title="C'est trop tard", picto_name="wait",
                               text="Cet écran est resté ouvert trop longtemps. Touchez « Mon parcours » "
                                    "et votre prénom à nouveau."), 403
    participant = screens.person(participant_id)
    request_attestation(db.session, participant)
    return render_template("journey/asked.html", participant=participant)


def _journey(participant: Participant):
    today = clock.today()
    year = journey(db.session, participant.id, screens.device().group_id, since=dt.date(today.year, 1, 1),
                   until=today)
    return render_template(
        "journey/journey.html", participant=participant, year=today.year, journey=year,
        pictograms=[(name, key if key in screens.THEME_PICTOGRAMS else "atelier") for name, key in year.themes],
        skills=db.session.scalars(skills_recognised(participant.id)).all(),
        waiting=db.session.scalar(pending_requests(participant.id)) is not None,
        pass_=_signer().dumps(participant.id))

