"""A participant's kiosk PIN: set or reset it (typed twice), lift a lock, or remove it.

The PIN is never shown, logged or put back into the form; the audit trail says only that it
changed (``shared.kiosk.pins`` and the recorder's placeholder for ``pin_hash``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import EqualTo, InputRequired, Regexp

from shared import clock
from shared.dates import fr_time
from shared.errors import DomainError
from shared.kiosk.pins import LOCK_DURATION, PERSON_MAX_FAILURES, clear_pin, person_lock, set_pin, unlock_pin
from shared.people.models import Participant
from shared.text import of_name

from ..core.actions import ActionView, form_level_errors, model_url, scoped_or_404, show_domain_error
from ..core.base import current_staff
from ..extensions import db

PIN_FORMAT = "Le code doit compter exactement 4 chiffres (de 0 à 9)."


class PinForm(FlaskForm):
    # PasswordField never writes the value back into the page, even when the form is refused.
    pin = PasswordField("Nouveau code (4 chiffres)", validators=[
        InputRequired("Tapez le code à 4 chiffres."), Regexp(r"[0-9]{4}\Z", message=PIN_FORMAT)])
    confirmation = PasswordField("Le même code, une seconde fois", validators=[
        InputRequired("Tapez le code une seconde fois."),
        EqualTo("pin", message="Les deux codes ne sont pas identiques : tapez-les à nouveau.")])


class PinActionForm(FlaskForm):
    """The CSRF token of the unlock and remove buttons."""


@dataclass
class PinState:
    has_pin: bool
    locked: bool
    lock_text: str  # what the lock is, in French, for the staff page
    failures: int


def pin_state(participant: Participant) -> PinState:
    now = clock.now()
    lock = person_lock(participant, now)
    if lock is None:
        text = ""
    elif lock.by_staff_only:
        text = (f"Bloqué après {PERSON_MAX_FAILURES} codes faux, pour la troisième fois : le code reste bloqué "
                "jusqu'à ce que vous le débloquiez.")
    else:
        text = f"Bloqué après {PERSON_MAX_FAILURES} codes faux, jusqu'à {fr_time(lock.until)} ({lock.wait(now)})."
    return PinState(has_pin=participant.pin_hash is not None, locked=lock is not None, lock_text=text,
                    failures=participant.pin_failures or 0)


class PinView(ActionView):
    @expose("/<int:participant_id>", methods=("GET", "POST"))
    def manage(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        form = PinForm()
        if form.validate_on_submit():
            try:
                set_pin(db.session, participant, form.pin.data, actor=current_staff(), now=clock.now())
            except DomainError as error:
                show_domain_error(form, error)
                participant = scoped_or_404(Participant, participant_id)
            else:
                flash(f"Code enregistré pour {participant.kiosk_name}. Donnez-le-lui de vive voix : "
                      "il ne sera affiché nulle part.", "success")
                return redirect(url_for(".manage", participant_id=participant.id))
        return self.render("kiosk/kiosk_pin.html", participant=participant, form=form,
                           action_form=PinActionForm(), state=pin_state(participant),
                           max_failures=PERSON_MAX_FAILURES, lock_minutes=int(LOCK_DURATION.total_seconds() // 60),
                           details_url=model_url("participant.details_view", id=participant.id),
                           errors=form_level_errors(form))

    @expose("/<int:participant_id>/unlock", methods=("POST",))
    def unlock(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        if PinActionForm().validate_on_submit():
            if not pin_state(participant).locked:
                flash(f"Le code {of_name(participant.kiosk_name)} n'est pas bloqué.", "info")
            else:
                unlock_pin(db.session, participant, actor=current_staff(), now=clock.now())
                flash(f"Le code {of_name(participant.kiosk_name)} est débloqué : la personne peut réessayer.", "success")
        return redirect(url_for(".manage", participant_id=participant.id))

    @expose("/<int:participant_id>/clear", methods=("POST",))
    def clear(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        if PinActionForm().validate_on_submit():
            if participant.pin_hash is None:
                flash(f"{participant.kiosk_name} n'a pas de code.", "info")
            else:
                clear_pin(db.session, participant, actor=current_staff(), now=clock.now())
                flash(f"Le code {of_name(participant.kiosk_name)} est supprimé.", "success")
        return redirect(url_for(".manage", participant_id=participant.id))
