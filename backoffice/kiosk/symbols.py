"""A participant's symbol on the tablet: the picture on their tile and PIN screen, chosen with them.

One symbol per person within a group (``shared.kiosk.symbols.set_symbol``); the pictures are the
kiosk's own files (Twemoji, CC BY 4.0, see kiosk/static/symbols/LICENCE.md), served here too.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, send_from_directory, url_for
from flask_admin import expose
from flask_wtf import FlaskForm

from shared import clock
from shared.errors import DomainError
from shared.kiosk.symbols import BY_KEY, FAMILIES, FOLDER, SYMBOLS, set_symbol, symbol_of, taken_in_group
from shared.people.models import Participant

from ..core.actions import ActionView, current_staff, form_level_errors, model_url, scoped_or_404
from ..extensions import db


class SymbolForm(FlaskForm):
    """The CSRF token; the chosen key is read from the radio buttons and checked by the operation."""


class KioskSymbolView(ActionView):
    @expose("/<int:participant_id>", methods=("GET", "POST"))
    def manage(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        form = SymbolForm()
        error = None
        if form.validate_on_submit():
            chosen = request.form.get("symbol", "")[:40]
            try:
                set_symbol(db.session, participant, chosen, actor=current_staff(), now=clock.now())
            except DomainError as refusal:
                db.session.rollback()
                participant = scoped_or_404(Participant, participant_id)
                error = refusal.message
            else:
                symbol = symbol_of(participant)
                flash(f"{participant.kiosk_name} a maintenant le symbole : {symbol.label}." if symbol else
                      f"{participant.kiosk_name} n'a plus de symbole sur la tablette.", "success")
                return redirect(url_for(".manage", participant_id=participant.id))
        taken = taken_in_group(db.session, participant.group_id, besides=participant)
        families = [(label, [s for s in SYMBOLS if s.family == family]) for family, label in FAMILIES.items()]
        return self.render("kiosk/kiosk_symbol.html", participant=participant, form=form, families=families,
                           taken=taken, current=symbol_of(participant), error=error,
                           errors=form_level_errors(form),
                           details_url=model_url("participant.details_view", id=participant.id))

    @expose("/image/<key>.svg")
    def image(self, key: str):
        if key not in BY_KEY:
            abort(404)
        return send_from_directory(FOLDER, f"{key}.svg", mimetype="image/svg+xml", max_age=86400)
