"""A person's attestations: make one with the person (each line ticked only if they agree), revoke, make again;
the PDF and the print view. Facilitators and admins write; a referrer sees her own people's attestations."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, request, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from shared.attestations.codes import readable
from shared.attestations.content import proposals
from shared.attestations.models import MAX_OWN_WORDS, Attestation
from shared.attestations.operations import issue_attestation, reissue_attestation, revoke_attestation
from shared.attestations.queries import attestations_of, pending_requests
from shared.attestations.skills import skill_choices
from shared.dates import fr
from shared.errors import DomainError
from shared.people.models import Participant
from shared.staff.models import Role

from ..core.actions import WRITE_ROLES, ActionView, form_level_errors, scoped_or_404, show_domain_error
from ..extensions import db
from ..scope import current_staff, role_allowed
from . import document


class AttestationForm(FlaskForm):
    own_words = TextAreaField(
        "Une phrase de la personne, si elle le souhaite",
        validators=[Optional(), Length(max=MAX_OWN_WORDS, message=f"{MAX_OWN_WORDS} caractères au plus.")])


class AttestationView(ActionView):
    allowed_roles = (Role.ADMIN, Role.FACILITATOR, Role.REFERRER)

    @expose("/<int:participant_id>", methods=("GET", "POST"))
    def person(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        may_write = role_allowed(WRITE_ROLES)
        if request.method == "POST" and not may_write:
            abort(403)
        form = AttestationForm()
        consented = set(request.form.getlist("consent"))
        skills = request.form.getlist("skill")
        if form.validate_on_submit():
            replaces = self._replaced(participant)
            values = dict(consented=consented, skills=skills, own_words=form.own_words.data, actor=current_staff())
            try:
                if replaces is None:
                    attestation = issue_attestation(db.session, participant, **values)
                else:
                    attestation = reissue_attestation(db.session, replaces, **values)
            except DomainError as error:
                show_domain_error(form, error)
                participant = scoped_or_404(Participant, participant_id)
            else:
                flash(f"Attestation faite le {fr(attestation.issued_on)} : imprimez-la ou "
                      "téléchargez-la pour la remettre à la personne.", "success")
                return redirect(url_for(".person", participant_id=participant.id, _anchor="attestations"))
        errors = form_level_errors(form)
        return self.render(
            "attestations/person.html", participant=participant, form=form, errors=errors, may_write=may_write,
            proposals=proposals(db.session, participant), skills=skill_choices(db.session),
            consented=consented, chosen_skills=set(skills),
            replaces_id=request.form.get("replaces") or request.args.get("refaire", ""),
            attestations=db.session.scalars(attestations_of(participant.id)).all(),
            requests=db.session.scalars(pending_requests(participant.id)).all(),
            readable_code=readable)

    def _replaced(self, participant: Participant) -> Attestation | None:
        """The attestation the form makes again (« Refaire »), among the person's own; None for a new one."""
        value = request.form.get("replaces", "")
        if not value:
            return None
        previous = scoped_or_404(Attestation, value)
        if previous.participant_id != participant.id:
            abort(404)
        return previous

    @expose("/document/<int:attestation_id>/revoke", methods=("POST",))
    def revoke(self, attestation_id: int):
        if not role_allowed(WRITE_ROLES):
            abort(403)
        attestation = scoped_or_404(Attestation, attestation_id)
        form = FlaskForm()
        if not form.validate_on_submit():
            flash("Le formulaire a expiré : rechargez la page et réessayez.", "error")
        else:
            try:
                revoke_attestation(db.session, attestation, actor=current_staff())
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
            else:
                flash("Attestation révoquée : sa page de vérification dit maintenant « révoquée ».", "success")
        return redirect(url_for(".person", participant_id=attestation.participant_id, _anchor="attestations"))

    @expose("/document/<int:attestation_id>.pdf")
    def pdf(self, attestation_id: int):
        attestation = scoped_or_404(Attestation, attestation_id)
        response = make_response(document.pdf_of(attestation))
        response.headers["Content-Type"] = "application/pdf"
        response.headers["Content-Disposition"] = f'inline; filename="attestation-{attestation.id}.pdf"'
        response.headers["Cache-Control"] = "no-store"
        return response

    @expose("/document/<int:attestation_id>/print")
    def print_view(self, attestation_id: int):
        attestation = scoped_or_404(Attestation, attestation_id)
        return document.render("attestations/print.html", attestation)
