"""A person's right of access: download everything ID'MIX holds about them as a JSON file.

Admins and the facilitators of the person's group (404 for anyone else's people); each download
is recorded in the audit trail (who, whose data, when). The file name carries the record number,
never the person's name.
"""

from __future__ import annotations

import json

from flask import Response
from flask_admin import expose
from flask_wtf import FlaskForm

from shared import clock
from shared.people.models import Participant
from shared.retention.personal_data import personal_data, record_export

from ..core.actions import ActionView, form_level_errors, model_url, scoped_or_404
from ..core.base import current_staff
from ..extensions import db

SECTIONS = [
    ("orientations", "orientation(s)"), ("contrats", "contrat(s), avec objectifs, bilans et projet de sortie"),
    ("présences", "présence(s) ou absence(s) aux séances"), ("sorties", "sortie(s)"),
    ("avis_signés", "avis signé(s)"), ("visites_découverte", "visite(s) de découverte"),
]


class ExportForm(FlaskForm):
    """The CSRF token of the download button (a download is recorded: never on a plain GET)."""


class PersonalDataView(ActionView):
    @expose("/<int:participant_id>", methods=("GET", "POST"))
    def export(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        form = ExportForm()
        now = clock.now()
        data = personal_data(db.session, participant, now=now)
        if form.validate_on_submit():
            record_export(db.session, participant, actor=current_staff(), now=now)
            body = json.dumps(data, ensure_ascii=False, indent=2)
            name = f"idmix-donnees-personne-{participant.id}-{now:%Y%m%d}.json"
            return Response(body, mimetype="application/json", headers={
                "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})
        counts = [(len(data[key]), label) for key, label in SECTIONS]
        return self.render("people/personal_data.html", participant=participant, form=form, counts=counts,
                           details_url=model_url("participant.details_view", id=participant.id),
                           errors=form_level_errors(form))
