"""Groups (actions collectives) and the editable list of activity themes."""

from __future__ import annotations

from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, NumberRange

from shared.decisions.operations import set_anonymous_proposals
from shared.decisions.pictograms import THEMES
from shared.groups.holidays import MAINLAND, REGIONS
from shared.groups.models import WEEKDAY_NAMES
from shared.groups.operations import create_group, create_theme, update_group, update_theme
from shared.staff.models import Role

from ..core.common import EntityView
from ..extensions import db
from ..scope import current_staff


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
                     "requires_pin": "Code personnel à la tablette",
                     "anonymous_proposals": "Propositions anonymes permises (tablette)", "active": "Actif", "staff": "Équipe",
                     "reminder_at": "Rappel la veille à", "morning_reminder_at": "Rappel le matin à (facultatif)",
                     "holiday_region": "Jours fériés"}
    column_descriptions = {"meeting_weeks": "Quelles semaines du mois, ex. 2,4 pour les 2e et 4e jeudis.",
                           "morning_reminder_at": "Laissez vide pour un seul rappel, la veille.",
                           "holiday_region": "L'Alsace, la Moselle et les départements d'outre-mer ont leurs jours fériés."}
    column_searchable_list = ["name", "district", "location"]
    column_sortable_list = ["name", "district", "trial_allowance"]
    column_default_sort = ("name", False)
    column_formatters = {"rhythm": _rhythm}
    column_formatters_export = {"rhythm": _rhythm}
    form_columns = ["name", "district", "location", "started_on", "meeting_weeks", "weekday", "meets_from",
                    "meets_until", "trial_allowance", "checkin_opens_before", "requires_pin", "staff", "active",
                    "anonymous_proposals", "reminder_at", "morning_reminder_at", "holiday_region"]
    form_overrides = {"weekday": SelectField, "holiday_region": SelectField}
    form_args = {
        "name": {"validators": [DataRequired("Indiquez le nom du groupe.")]},
        "district": {"validators": [DataRequired("Indiquez la circonscription.")]},
        "location": {"validators": [DataRequired("Indiquez le lieu.")]},
        "started_on": {"validators": [DataRequired("Indiquez la date de début de l'action.")]},
        "weekday": {"choices": [SelectChoice(i, name) for i, name in enumerate(WEEKDAY_NAMES)], "coerce": int},
        "trial_allowance": {"validators": [NumberRange(0, 20, "Entre 0 et 20 séances d'essai.")]},
        "checkin_opens_before": {"validators": [NumberRange(0, 240, "Entre 0 et 240 minutes.")]},
        "holiday_region": {"choices": [SelectChoice("", MAINLAND)] + [SelectChoice(k, v) for k, v in REGIONS.items()]},
    }

    def _values(self, form) -> dict:
        return dict(name=form.name.data, district=form.district.data, location=form.location.data,
                    started_on=form.started_on.data, meeting_weeks=form.meeting_weeks.data,
                    weekday=form.weekday.data, meets_from=form.meets_from.data, meets_until=form.meets_until.data,
                    trial_allowance=form.trial_allowance.data, checkin_opens_before=form.checkin_opens_before.data,
                    requires_pin=form.requires_pin.data, active=form.active.data, staff=form.staff.data,
                    reminders=dict(reminder_at=form.reminder_at.data, morning_reminder_at=form.morning_reminder_at.data,
                                   holiday_region=form.holiday_region.data or None))

    def create_record(self, form):
        group = create_group(db.session, **self._values(form))
        set_anonymous_proposals(db.session, group, form.anonymous_proposals.data, actor=current_staff())
        return group

    def update_record(self, form, model) -> None:
        update_group(db.session, model, **self._values(form))
        set_anonymous_proposals(db.session, model, form.anonymous_proposals.data, actor=current_staff())


class ThemeView(EntityView):
    endpoint_name = "theme"
    column_list = ["name", "pictogram", "active"]
    column_export_list = ["name", "pictogram", "active"]
    column_labels = {"name": "Thème", "pictogram": "Pictogramme (tablette)", "active": "Proposé"}
    column_formatters_export = {"pictogram": lambda v, c, m, n: THEMES.get(m.pictogram, m.pictogram)}
    column_searchable_list = ["name"]
    column_sortable_list = ["name", "active"]
    column_default_sort = ("name", False)
    form_columns = ["name", "pictogram", "active"]
    form_args = {"name": {"validators": [DataRequired("Indiquez le nom du thème.")]}}

    def create_record(self, form):
        return create_theme(db.session, name=form.name.data, pictogram=form.pictogram.data, active=form.active.data)

    def update_record(self, form, model) -> None:
        update_theme(db.session, model, name=form.name.data, pictogram=form.pictogram.data, active=form.active.data)
