"""Exits (sorties): recorded through ``shared.exits.leaving.record_exit``, which also ends a running
contract early, corrected through ``update_exit`` and deleted through ``delete_exit`` (the contract's
early end follows). The destination has no default: it is pre-filled from the person's exit plan when
there is one, and chosen otherwise."""

from __future__ import annotations

from flask import request, url_for
from flask_admin.contrib.sqla.fields import QuerySelectField
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import DateField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from shared import clock
from shared.contracts.models import Contract
from shared.dates import fr
from shared.exits.models import Exit, ExitDestination, ExitPlan
from shared.exits.leaving import delete_exit, record_exit, update_exit
from shared.partners.models import Partner
from shared.staff.access import scope_condition

from ..core import ajax
from ..core.base import current_staff
from ..core.common import EntityView, joined_person
from ..core.fields import enum_select, visible
from ..core.filters import ChoiceFilter
from ..extensions import db


class DestinationField(enum_select(ExitDestination)):
    """No default: a blank first choice, so that nobody's outcome is « Emploi » by omission."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.choices = [SelectChoice("", "— choisir —"), *self.choices]


class ExitView(EntityView):
    endpoint_name = "exit"
    column_list = ["participant", "left_on", "destination", "partner", "contract", "comment"]
    column_details_list = column_list
    column_export_list = column_list
    column_labels = {"participant": "Personne", "participant.last_name": "Nom", "participant.first_name": "Prénom", "left_on": "Sortie le", "destination": "Destination",
                     "contract": "Contrat", "comment": "Commentaire", "partner": "Structure d'accueil"}
    column_searchable_list = ["participant.last_name", "participant.first_name", "comment"]
    column_sortable_list = ["left_on", ("participant", "participant.last_name")]
    column_default_sort = ("left_on", True)
    list_loads = (joined_person(Exit.participant), joinedload(Exit.contract))
    form_columns = ["participant", "left_on", "destination", "comment"]
    form_overrides = {"destination": enum_select(ExitDestination)}
    form_ajax_refs = {"participant": ajax.people("participant")}

    def scaffold_form(self):
        class ExitForm(self.form_base_class):
            participant = ajax.ScopedAjaxSelectField(
                self.ajax_loader("participant"), "Personne",
                validators=[DataRequired("Choisissez la personne qui sort.")])
            left_on = DateField("Sortie le", validators=[DataRequired("Indiquez la date de sortie.")])
            destination = DestinationField("Destination")
            comment = TextAreaField("Commentaire")
            partner = QuerySelectField("Structure d'accueil (annuaire)", allow_blank=True, blank_text="—",
                                       query_factory=visible(Partner, order_by=[Partner.name]))
        return ExitForm

    @property
    def column_filters(self):
        return [ChoiceFilter(Exit.destination, "Destination",
                             {d.value: (lambda d=d: Exit.destination == d) for d in ExitDestination},
                             {d.value: d.label for d in ExitDestination})]

    def create_form(self, obj=None):
        """``/exit/new/?participant=<id>`` (from the person's or the contract's page): that person,
        today, and the destination of their exit plan."""
        form = super().create_form(obj)
        if request.method != "GET":
            return form
        form.left_on.data = form.left_on.data or clock.today()
        person = self.ajax_loader("participant").get_one(request.args.get("participant"))
        if person is None:
            return form
        form.participant.data = person
        plan = db.session.scalar(
            select(ExitPlan).join(Contract, Contract.id == ExitPlan.contract_id)
            .where(Contract.participant_id == person.id, scope_condition(ExitPlan, current_staff()))
            .order_by(Contract.starts_on.desc()).limit(1))
        if plan is not None:
            form.partner.data = plan.partner
            form.destination.data = plan.destination
            form.destination.description = (f"Pré-rempli d'après le projet de sortie ({plan.destination.label}, "
                                            f"visé le {fr(plan.target_on)}) : changez-la si la personne part ailleurs.")
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        del form.participant  # an exit is corrected, never moved to another person
        return form

    def page_after_create(self, model) -> str:
        return url_for("participant.details_view", id=model.participant_id)  # the person's path, now ended

    def create_record(self, form):
        return record_exit(db.session, form.participant.data, left_on=form.left_on.data,
                           destination=form.destination.data, comment=form.comment.data,
                           partner=form.partner.data)

    def update_record(self, form, model) -> None:
        update_exit(db.session, model, left_on=form.left_on.data, destination=form.destination.data,
                    comment=form.comment.data, partner=form.partner.data)

    def delete_record(self, model) -> None:
        delete_exit(db.session, model)
