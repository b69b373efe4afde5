"""« Je demande mon attestation », tapped on the tablet: the requests staff have to answer, in their scope."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from shared.attestations.models import AttestationRequest
from shared.staff.models import Role

from ..core.common import EntityView


def _person_link(view, context, model, name):
    return Markup('<a href="%s">%s</a>') % (url_for("attestation.person", participant_id=model.participant_id),
                                           model.participant.full_name)


class AttestationRequestView(EntityView):
    endpoint_name = "attestation_request"
    allowed_roles = (Role.ADMIN, Role.FACILITATOR, Role.REFERRER)
    can_create = False
    can_edit = False
    can_delete = False
    column_list = ["participant", "requested_on", "answered_on"]
    column_export_list = ["participant", "requested_on", "answered_on"]
    column_labels = {"participant": "Personne", "requested_on": "Demandée le", "answered_on": "Attestation faite le"}
    column_sortable_list = ["requested_on", "answered_on"]
    column_default_sort = ("requested_on", True)
    column_formatters = {"participant": _person_link}
    list_loads = (joinedload(AttestationRequest.participant),)
