"""Groups (actions collectives) and the editable list of activity themes."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange

from shared.errors import DomainError
from shared.groups.models import WEEKDAY_NAMES, Theme, parse_meeting_weeks
from shared.staff.models import Role

from ..extensions import db
from .common import EntityView


def _rhythm(view, context, model, name):
    return model.rhythm_label


class GroupView(EntityView):
    endpoint_name = "group"
    write_roles = (Role.ADMIN,)
    column_list = ["name", "district", "location", "rhythm", "trial_allowance", "active"]
    column_details_list = ["name", "district", "location", "started_on", "rhythm", "trial_allowance",
                           "checkin_opens_before", "requires_pin", "staff", "active"]
    column_export_list = ["name", "district", "location", "started_on", "rhythm", "trial_allowance", "active"]
    column_labels = {"name": "Nom", "district": "Circonscription", "location": "Lieu (CMS)",
                     "started_on": "Début de l'action", "rhythm": "Rythme", "meeting_weeks": "Semaines du mois",
                     "weekday": "Jour", "meets_from": "De", "meets_until": "À",
                     "trial_allowance": "Séances d'essai permises",
                     "checkin_opens_before": "Émargement ouvert avant (minutes)",
                     "requires_pin": "Code personnel à la tablette", "active": "Actif", "staff": "Équipe"}
    column_descriptions = {"meeting_weeks": "Quelles semaines du mois, ex. 2,4 pour les 2e et 4e jeudis."}
    column_searchable_list = ["name", "district", "location"]
    column_sortable_list = ["name", "district", "trial_allowance"]
    column_default_sort = ("name", False)
    column_formatters = {"rhythm": _rhythm}
    column_formatters_export = {"rhythm": _rhythm}
    form_columns = ["name", "district", "location", "started_on", "meeting_weeks", "weekday", "meets_from",
                    "meets_until", "trial_allowance", "checkin_opens_before", "requires_pin", "staff", "active"]
    form_overrides = {"weekday": SelectField}
    form_args = {
        "name": {"validators": [DataRequired("Indiquez le nom du groupe.")]},
        "district": {"validators": [DataRequired("Indiquez la circonscription.")]},
        "location": {"validators": [DataRequired("Indiquez le lieu.")]},
        "started_on": {"validators": [DataRequired("Indiquez la date de début de l'action.")]},
        "weekday": {"choices": [SelectChoice(i, name) for i, name in enumerate(WEEKDAY_NAMES)], "coerce": int},
        "trial_allowance": {"validators": [NumberRange(0, 20, "Entre 0 et 20 séances d'essai.")]},
        "checkin_opens_before": {"validators": [NumberRange(0, 240, "Entre 0 et 240 minutes.")]},
    }

    def validate_model(self, model, form, is_created):
        try:
            model.meeting_weeks = ",".join(str(w) for w in parse_meeting_weeks(model.meeting_weeks or ""))
        except ValueError as error:
            raise DomainError(str(error), field="meeting_weeks") from None
        if model.meets_from and model.meets_until and model.meets_until <= model.meets_from:
            raise DomainError("L'heure de fin doit être après l'heure de début.", field="meets_until")


class ThemeView(EntityView):
    endpoint_name = "theme"
    column_list = ["name", "pictogram", "active"]
    column_export_list = ["name", "pictogram", "active"]
    column_labels = {"name": "Thème", "pictogram": "Pictogramme (tablette)", "active": "Proposé"}
    column_searchable_list = ["name"]
    column_sortable_list = ["name", "active"]
    column_default_sort = ("name", False)
    form_columns = ["name", "pictogram", "active"]
    form_args = {"name": {"validators": [DataRequired("Indiquez le nom du thème.")]}}

    def validate_model(self, model, form, is_created):
        from sqlalchemy import func, select

        with db.session.no_autoflush:
            taken = db.session.scalar(select(func.count(Theme.id)).where(
                func.lower(Theme.name) == (model.name or "").strip().lower(), Theme.id != (model.id or 0)))
        if taken:
            raise DomainError("Ce thème existe déjà.", field="name")
