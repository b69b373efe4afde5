"""People and their referrals: who they are, their situation, who referred them, whether they come."""

from __future__ import annotations

from flask import g, url_for
from flask_admin.contrib.sqla.fields import QuerySelectField
from markupsafe import Markup
from sqlalchemy.orm import joinedload, selectinload
from wtforms import DateField
from wtforms.validators import DataRequired, Optional

from shared import clock
from shared.groups.models import Group
from shared.people.models import Benefit, Gender, Participant, ParticipantStatus, Referral
from shared.people.operations import check_referral
from shared.people.queries import attendance_summary, referred_by_condition
from shared.staff.models import StaffMember

from ..extensions import db
from . import ajax
from .common import EntityView, joined_person
from .fields import enum_select, visible
from .filters import ChoiceFilter, IdFilter, model_options, participant_status_filter, staff_options
from .follow_through import PersonFollowThrough
from .formatters import link

STATUS_COLOURS = {
    ParticipantStatus.REFERRED: "info",
    ParticipantStatus.ON_TRIAL: "primary",
    ParticipantStatus.DECISION_DUE: "warning",
    ParticipantStatus.UNDER_CONTRACT: "success",
    ParticipantStatus.LEFT: "secondary",
}

PERSON_LABELS = {
    "first_name": "Prénom", "last_name": "Nom", "gender": "Genre", "birth_year": "Année de naissance",
    "town": "Commune", "benefit": "Minimum social", "phone": "Téléphone", "consent_on": "Consentement le",
    "last_contact_on": "Dernier contact", "group": "Groupe", "status_code": "Situation",
    "referrer": "Orienté(e) par", "attended": "Séances suivies", "last_attended_on": "Dernière présence",
    "referred_on": "Date d'orientation", "referrals": "Orientations",
}


def latest_referrer(participant: Participant):
    return participant.referrals[-1].referrer if participant.referrals else None


def _status(view, context, model, name):
    status = ParticipantStatus(model.status_code)
    return Markup('<span class="badge badge-%s">%s</span>') % (STATUS_COLOURS[status], status.label)


def _status_text(view, context, model, name):
    return ParticipantStatus(model.status_code).label


def _referrer(view, context, model, name):
    referrer = latest_referrer(model)
    return referrer.full_name if referrer else ""


def _summary(model):
    return g.get("idmix_attendance", {}).get(model.id, (0, None))


def _attended(view, context, model, name):
    return _summary(model)[0]


def _last_attended(view, context, model, name):
    day = _summary(model)[1]
    return day.strftime("%d/%m/%Y") if day else "—"


def _name(view, context, model, name):
    return link(url_for("participant.details_view", id=model.id), getattr(model, name))


class ParticipantView(PersonFollowThrough, EntityView):
    endpoint_name = "participant"
    details_template = "admin/participant_details.html"  # path in the group, self-rating chart
    actions_template = "admin/participant_actions.html"  # kiosk PIN, personal data export
    row_actions_template = "actions/kiosk_pin_row_link.html"
    column_list = ["last_name", "first_name", "status_code", "group", "referrer", "attended",
                   "last_attended_on", "last_contact_on"]
    column_details_list = ["first_name", "last_name", "status_code", "group", "referrer", "gender", "birth_year",
                           "town", "benefit", "phone", "consent_on", "last_contact_on", "attended",
                           "last_attended_on", "referrals"]
    column_export_list = ["last_name", "first_name", "status_code", "group", "referrer", "gender", "birth_year",
                          "town", "benefit", "attended", "last_attended_on", "last_contact_on"]
    column_labels = PERSON_LABELS
    column_searchable_list = ["first_name", "last_name", "town"]
    column_sortable_list = ["last_name", "first_name", ("group", "group.name"), "last_contact_on",
                            "status_code"]
    column_default_sort = [("last_name", False), ("first_name", False)]
    list_loads = (joinedload(Participant.group),
                  selectinload(Participant.referrals).joinedload(Referral.referrer))
    column_formatters = {"status_code": _status, "referrer": _referrer, "attended": _attended,
                         "last_attended_on": _last_attended, "last_name": _name, "first_name": _name}
    column_formatters_export = {"status_code": _status_text, "referrer": _referrer, "attended": _attended,
                                "last_attended_on": _last_attended}
    form_columns = ["first_name", "last_name", "group", "gender", "birth_year", "town", "benefit", "phone",
                    "consent_on", "last_contact_on", "referrer", "referred_on"]
    form_overrides = {"gender": enum_select(Gender), "benefit": enum_select(Benefit)}
    form_args = {
        "first_name": {"validators": [DataRequired("Indiquez le prénom.")]},
        "last_name": {"validators": [DataRequired("Indiquez le nom.")]},
        "group": {"query_factory": visible(Group, order_by=[Group.name]),
                  "validators": [DataRequired("Choisissez le groupe.")]},
    }
    form_extra_fields = {
        "referrer": QuerySelectField(
            "Orienté(e) par", validators=[DataRequired("Choisissez le travailleur social qui oriente la personne.")],
            query_factory=visible(StaffMember, StaffMember.active.is_(True),
                                  order_by=[StaffMember.last_name, StaffMember.first_name]),
            allow_blank=True, blank_text="—"),
        "referred_on": DateField("Date d'orientation", validators=[Optional()]),
    }

    @property
    def column_filters(self):
        return [
            participant_status_filter(Participant.id),
            IdFilter(Participant.group_id, "Groupe", lambda v: Participant.group_id == v,
                     model_options(Group, order_by=Group.name)),
            IdFilter(Participant.id, "Orienteur", referred_by_condition, staff_options(referrers=True)),
            ChoiceFilter(Participant.gender, "Genre", {g.value: (lambda g=g: Participant.gender == g) for g in Gender},
                         {g.value: g.label for g in Gender}),
            ChoiceFilter(Participant.benefit, "Minimum social",
                         {b.value: (lambda b=b: Participant.benefit == b) for b in Benefit},
                         {b.value: b.label for b in Benefit}),
        ]

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True) and rows:
            summary = db.session.execute(attendance_summary([row.id for row in rows])).all()
            g.idmix_attendance = {pid: (n, last) for pid, n, last in summary}
        return count, rows

    def get_one(self, id):
        record = super().get_one(id)
        if record is not None:
            summary = db.session.execute(attendance_summary([record.id])).all()
            g.idmix_attendance = {pid: (n, last) for pid, n, last in summary}
        return record

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.referrer
        del form.referred_on
        return form

    def validate_model(self, model, form, is_created):
        if not is_created:
            return
        referral = Referral(referrer=form.referrer.data, group=model.group,
                            referred_on=form.referred_on.data or clock.today())
        model.referrals.append(referral)
        check_referral(referral)
        model.last_contact_on = model.last_contact_on or referral.referred_on


class ReferralView(EntityView):
    endpoint_name = "referral"
    column_list = ["participant", "referrer", "group", "referred_on", "reason"]
    column_details_list = ["participant", "referrer", "group", "referred_on", "reason", "expectations"]
    column_export_list = ["participant", "referrer", "group", "referred_on", "reason", "expectations"]
    column_labels = {"participant": "Personne", "participant.last_name": "Nom", "participant.first_name": "Prénom", "referrer": "Orienté(e) par", "group": "Groupe",
                     "referred_on": "Date d'orientation", "reason": "Motif", "expectations": "Attentes"}
    column_searchable_list = ["participant.last_name", "participant.first_name", "reason"]
    column_sortable_list = ["referred_on", ("participant", "participant.last_name"), ("group", "group.name")]
    column_default_sort = ("referred_on", True)
    list_loads = (joined_person(Referral.participant), joinedload(Referral.referrer), joinedload(Referral.group))
    form_columns = ["participant", "referrer", "group", "referred_on", "reason", "expectations"]
    form_args = {
        "participant": {"validators": [DataRequired("Choisissez la personne orientée.")]},
        "referrer": {"query_factory": visible(StaffMember, StaffMember.active.is_(True),
                                              order_by=[StaffMember.last_name])},
        "group": {"query_factory": visible(Group, order_by=[Group.name]),
                  "validators": [DataRequired("Choisissez le groupe.")]},
    }
    form_ajax_refs = {"participant": ajax.people("participant")}  # searched as one types, not listed

    @property
    def column_filters(self):
        return [
            IdFilter(Referral.referrer_id, "Orienteur", lambda v: Referral.referrer_id == v,
                     staff_options(referrers=True)),
            IdFilter(Referral.group_id, "Groupe", lambda v: Referral.group_id == v,
                     model_options(Group, order_by=Group.name)),
        ]

    def validate_model(self, model, form, is_created):
        check_referral(model)

