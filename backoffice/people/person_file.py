"""A person's file, from their details page: close it, reopen it, or erase the person (admins).

Closing and reopening are buttons (POST with the CSRF token) for admins and the facilitators of the
person's group (``shared.people.files``); erasing asks an admin to type the person's full name first.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from wtforms import StringField

from shared import clock
from shared.errors import DomainError
from shared.people.files import close_file, erase_person, reopen_file
from shared.people.models import Participant
from shared.staff.models import Role

from ..core.actions import ActionView, form_level_errors, model_url, scoped_or_404, show_domain_error
from ..core.base import current_staff
from ..extensions import db


class FileForm(FlaskForm):
    """The CSRF token of the close and reopen buttons."""


class ErasureForm(FlaskForm):
    full_name = StringField("Prénom et nom de la personne")


def _details(participant_id: int):
    return redirect(model_url("participant.details_view", id=participant_id) or url_for("admin.index"))


class PersonFileView(ActionView):
    @expose("/<int:participant_id>/close", methods=("POST",))
    def close(self, participant_id: int):
        return self._change(participant_id, lambda person: close_file(
            db.session, person, on=clock.today(), actor=current_staff()),
            "Dossier clos : la personne n'apparaît plus dans les listes ni sur la tablette ; "
            "son historique reste dans les bilans.")

    @expose("/<int:participant_id>/reopen", methods=("POST",))
    def reopen(self, participant_id: int):
        return self._change(participant_id, lambda person: reopen_file(db.session, person, actor=current_staff()),
                            "Dossier rouvert : la personne est de nouveau dans les listes et sur la tablette.")

    def _change(self, participant_id: int, change, done: str):
        participant = scoped_or_404(Participant, participant_id)
        if FileForm().validate_on_submit():
            try:
                change(participant)
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
            else:
                flash(done, "success")
        else:
            flash("Le formulaire a expiré : rechargez la page et réessayez.", "error")
        return _details(participant_id)

    @expose("/<int:participant_id>/erase", methods=("GET", "POST"))
    def erase(self, participant_id: int):
        staff = current_staff()
        if staff.role is not Role.ADMIN:
            abort(403)
        participant = scoped_or_404(Participant, participant_id)
        form = ErasureForm()
        if form.validate_on_submit():
            try:
                erase_person(db.session, participant, typed_name=form.full_name.data, actor=staff,
                             now=clock.now())
            except DomainError as error:
                show_domain_error(form, error)
                participant = scoped_or_404(Participant, participant_id)
            else:
                flash("Les données de la personne sont effacées : son nom, ses coordonnées et les textes libres "
                      "ont été remplacés ; les chiffres des bilans restent.", "success")
                return _details(participant_id)
        return self.render("people/participant_erasure.html", participant=participant, form=form,
                           details_url=model_url("participant.details_view", id=participant.id),
                           errors=form_level_errors(form))
