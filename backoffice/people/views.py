"""People and their referrals: who they are, their situation, who referred them, whether they come."""

from __future__ import annotations

from functools import partial

from flask import g, url_for
from flask_admin.contrib.sqla.fields import QuerySelectField
from markupsafe import Markup
from sqlalchemy.orm import joinedload
from sqlalchemy import func, select, true
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, Optional

from shared.groups.models import Group
from shared.dates import fr
from shared.people.files import delete_person
from shared.people.models import Benefit, Gender, Participant, ParticipantStatus, Referral
from shared.people.operations import (delete_referral, refer_again, refer_participant, update_participant,
                                      update_referral)
from shared.people.queries import (closed_file_condition, open_file_condition, open_files_count,
                                   referred_by_condition, with_list_summary)
from shared.text import readable_phone

from ..contracts.follow_through import PersonFollowThrough
from ..core import ajax
from ..core.base import current_staff, list_scoped
from ..core.common import EntityView, joined_person
from ..core.fields import CHOOSE, PartySelect, enum_select, referrer_choices, visible
from ..core.filters import ChoiceFilter, IdFilter, name_options, participant_status_filter, staff_options
from ..core.formatters import ROW_ID, link, row_url
from ..extensions import db

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
    "referred_on": "Date d'orientation", "referrals": "Orientations", "closed_on": "Dossier clos le",
}


NOT_A_REFERRER = ("Cette personne n'est pas travailleur social orienteur\u00a0: choisissez l'orienteur dans la "
                  "liste.")


class FileFilter(ChoiceFilter):
    """« Dossier : Dossiers clos »: the people list hides closed files unless this filter is set."""


def _status(view, context, model, name):
    status = ParticipantStatus(model.status_code)
    return Markup('<span class="badge badge-%s">%s</span>') % (STATUS_COLOURS[status], status.label)


def _status_text(view, context, model, name):
    return ParticipantStatus(model.status_code).label


def _referrer(view, context, model, name):
    return model.listed_referrer_name or ""


def _attended(view, context, model, name):
    return model.listed_attended or 0


def _last_attended(view, context, model, name):
    return fr(model.listed_last_attended_on)


def _phone(view, context, model, name):
    return readable_phone(model.phone)  # « +33 6 … » typed is stored so, and read 06 35 94 18 63


def _name(view, context, model, name):
    return link(row_url("participant.details_view", model.id, id=ROW_ID), getattr(model, name))


class ParticipantView(PersonFollowThrough, EntityView):
    endpoint_name = "participant"
    details_template = "people/participant_details.html"  # path in the group, self-rating chart
    actions_template = "people/participant_actions.html"  # kiosk PIN, personal data export
    row_actions_template = "kiosk/kiosk_pin_row_link.html"
    column_list = ["last_name", "first_name", "status_code", "group", "referrer", "attended",
                   "last_attended_on", "last_contact_on"]
    column_details_list = ["first_name", "last_name", "status_code", "group", "referrer", "gender", "birth_year",
                           "town", "benefit", "phone", "consent_on", "last_contact_on", "attended",
                           "last_attended_on", "referrals", "closed_on"]
    column_export_list = ["last_name", "first_name", "status_code", "group", "referrer", "gender", "birth_year",
                          "town", "benefit", "attended", "last_attended_on", "last_contact_on"]
    column_labels = PERSON_LABELS
    column_searchable_list = ["first_name", "last_name", "town"]
    column_sortable_list = ["last_name", "first_name", ("group", "group.name"), "last_contact_on",
                            "status_code"]
    column_default_sort = [("last_name", False), ("first_name", False)]
    list_loads = (joinedload(Participant.group), *with_list_summary())  # with the referrer and the attendance
    record_loads = with_list_summary()
    column_formatters = {"status_code": _status, "referrer": _referrer, "attended": _attended,
                         "last_attended_on": _last_attended, "last_name": _name,  # one link a row: the name
                         "phone": _phone}
    column_formatters_export = {"status_code": _status_text, "referrer": _referrer, "attended": _attended,
                                "last_attended_on": lambda v, c, m, n: m.listed_last_attended_on}
    def scaffold_form(self):
        """The person's own fields; their group, last contact and situation are derived, never typed.
        Every rule (required, lengths, adult, phone) is ``shared.people.rules``', shown next to its field."""
        class ParticipantForm(self.form_base_class):
            first_name = StringField("Prénom")
            last_name = StringField("Nom")
            group = QuerySelectField("Groupe", query_factory=visible(Group, order_by=[Group.name]),
                                     allow_blank=True, blank_text="— choisir —")
            # Chosen on purpose (the funders' report counts them): nothing preselected, an empty answer refused.
            gender = enum_select(Gender, blank=CHOOSE)("Genre")
            birth_year = IntegerField("Année de naissance", validators=[Optional()])
            town = StringField("Commune")
            benefit = enum_select(Benefit, blank=CHOOSE)("Minimum social")
            phone = StringField("Téléphone", description="06 12 34 56 78, ou +… pour un numéro étranger")
            consent_on = DateField("Consentement le", validators=[Optional()])
            referrer = PartySelect("Orienté(e) par", query_factory=referrer_choices(), missing=NOT_A_REFERRER)
            referred_on = DateField("Date d'orientation", validators=[Optional()],
                                    description="Vide : aujourd'hui")
        return ParticipantForm

    @property
    def column_filters(self):
        return [
            participant_status_filter(Participant.id),
            IdFilter(Participant.group_id, "Groupe", lambda v: Participant.group_id == v,
                     name_options(Group)),
            IdFilter(Participant.id, "Orienteur", referred_by_condition, staff_options(referrers=True)),
            ChoiceFilter(Participant.gender, "Genre", {g.value: (lambda g=g: Participant.gender == g) for g in Gender},
                         {g.value: g.label for g in Gender}),
            ChoiceFilter(Participant.benefit, "Minimum social",
                         {b.value: (lambda b=b: Participant.benefit == b) for b in Benefit},
                         {b.value: b.label for b in Benefit}),
            FileFilter(Participant.closed_on, "Dossier", {"clos": closed_file_condition, "tous": true},
                       {"clos": "Dossiers clos", "tous": "Ouverts et clos"}),
        ]

    def _showing_closed(self) -> bool:
        return bool(g.get("idmix_closed_files"))

    def get_query(self):
        query = super().get_query()
        return query if self._showing_closed() else query.filter(open_file_condition())

    def get_count_query(self):
        query = super().get_count_query()
        if self._showing_closed():
            return query
        if g.get("idmix_whole_list"):  # neither searched nor filtered: the open files are all but the closed
            everyone = list_scoped(select(func.count()).select_from(Participant), Participant)
            return db.session.query(open_files_count(everyone))
        return query.filter(open_file_condition())

    def get_list(self, page, sort_column, sort_desc, search, filters, *args, **kwargs):
        """Closed files are hidden unless the « Dossier » filter asks for them."""
        g.idmix_whole_list = not search and not filters  # ``get_count_query``
        g.idmix_closed_files = any(isinstance(self.list_filter(idx), FileFilter) for idx, *_ in (filters or ()))
        return super().get_list(page, sort_column, sort_desc, search, filters, *args, **kwargs)

    def fetch_rows(self, query) -> list:
        """The page's people in two steps: their ids (filtered, searched, sorted, one page), then their rows,
        with their situation and what the list shows beside, for those ids only. In one query PostgreSQL
        planned each person's situation for the whole table's estimate and read every contract twice (6.6 ms
        a page; 1.3 ms for 25 named ids; bench/list_pages.py)."""
        ids = [key for (key,) in query.with_entities(Participant.id)]
        if not ids:
            return []
        found = {person.id: person for person in self.get_query().filter(Participant.id.in_(ids))}
        return [found[key] for key in ids if key in found]

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.group  # a move to another group is a new referral
        del form.referrer
        del form.referred_on
        return form

    def page_after_create(self, model) -> str:
        return url_for("participant.details_view", id=model.id)  # the hub: « Créer le premier contrat »

    def create_record(self, form):
        return refer_participant(
            db.session, first_name=form.first_name.data, last_name=form.last_name.data, group=form.group.data,
            referrer=form.referrer.data, referred_on=form.referred_on.data, gender=form.gender.data,
            birth_year=form.birth_year.data, town=form.town.data, benefit=form.benefit.data,
            phone=form.phone.data, consent_on=form.consent_on.data, actor=current_staff())

    def update_record(self, form, model) -> None:
        update_participant(
            db.session, model, first_name=form.first_name.data, last_name=form.last_name.data,
            gender=form.gender.data, birth_year=form.birth_year.data, town=form.town.data,
            benefit=form.benefit.data, phone=form.phone.data, consent_on=form.consent_on.data,
            actor=current_staff())

    def delete_record(self, model) -> None:
        delete_person(db.session, model, actor=current_staff())


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
        "referrer": {"query_factory": referrer_choices()},
        "group": {"query_factory": visible(Group, order_by=[Group.name]),
                  "validators": [DataRequired("Choisissez le groupe.")]},
    }
    form_overrides = {"referrer": partial(PartySelect, missing=NOT_A_REFERRER)}  # chosen on purpose
    form_ajax_refs = {"participant": ajax.people("participant")}  # searched as one types, not listed

    @property
    def column_filters(self):
        return [
            IdFilter(Referral.referrer_id, "Orienteur", lambda v: Referral.referrer_id == v,
                     staff_options(referrers=True)),
            IdFilter(Referral.group_id, "Groupe", lambda v: Referral.group_id == v,
                     name_options(Group)),
        ]

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.participant  # a referral is corrected, never moved to another person
        del form.group  # a move to another group is a new referral
        return form

    def create_record(self, form):
        return refer_again(
            db.session, form.participant.data, group=form.group.data, referrer=form.referrer.data,
            referred_on=form.referred_on.data, reason=form.reason.data, expectations=form.expectations.data,
            actor=current_staff())

    def update_record(self, form, model) -> None:
        update_referral(db.session, model, referred_on=form.referred_on.data, referrer=form.referrer.data,
                        reason=form.reason.data, expectations=form.expectations.data, actor=current_staff())

    def delete_record(self, model) -> None:
        delete_referral(db.session, model, actor=current_staff())
