"""Exits (sorties): recorded through ``shared.people.operations.record_exit``, which also ends a
running contract early; corrected by deleting and recording again, never edited in place."""

from __future__ import annotations

from flask import flash
from flask_admin.contrib.sqla.fields import QuerySelectField
from sqlalchemy.orm import joinedload
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired

from shared.contracts.models import Contract
from shared.errors import DomainError
from shared.exits.models import Exit, ExitDestination
from shared.people.models import Participant
from shared.people.operations import record_exit

from ..extensions import db
from .common import EntityView
from .fields import enum_select, visible
from .filters import ChoiceFilter


class ExitView(EntityView):
    endpoint_name = "exit"
    can_edit = False
    column_list = ["participant", "left_on", "destination", "contract", "comment"]
    column_details_list = column_list
    column_export_list = column_list
    column_labels = {"participant": "Personne", "participant.last_name": "Nom", "participant.first_name": "Prénom", "left_on": "Sortie le", "destination": "Destination",
                     "contract": "Contrat", "comment": "Commentaire"}
    column_searchable_list = ["participant.last_name", "participant.first_name", "comment"]
    column_sortable_list = ["left_on", ("participant", "participant.last_name")]
    column_default_sort = ("left_on", True)
    list_loads = (joinedload(Exit.participant), joinedload(Exit.contract).joinedload(Contract.participant))
    form_columns = ["participant", "left_on", "destination", "comment"]
    form_overrides = {"destination": enum_select(ExitDestination)}

    def scaffold_form(self):
        class ExitForm(self.form_base_class):
            participant = QuerySelectField(
                "Personne", query_factory=visible(Participant, order_by=[Participant.last_name]),
                allow_blank=True, blank_text="—", validators=[DataRequired("Choisissez la personne qui sort.")])
            left_on = DateField("Sortie le", validators=[DataRequired("Indiquez la date de sortie.")])
            destination = enum_select(ExitDestination)(
                "Destination", validators=[DataRequired("Choisissez la destination.")])
            comment = TextAreaField("Commentaire")
        return ExitForm

    @property
    def column_filters(self):
        return [ChoiceFilter(Exit.destination, "Destination",
                             {d.value: (lambda d=d: Exit.destination == d) for d in ExitDestination},
                             {d.value: d.label for d in ExitDestination})]

    def create_model(self, form):
        try:
            exit_ = record_exit(db.session, form.participant.data, left_on=form.left_on.data,
                                destination=form.destination.data, comment=form.comment.data or None)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            field = getattr(form, error.field or "", None)
            if field is not None:
                field.errors = list(field.errors) + [error.message]
            flash(error.message, "error")
            return False
        return exit_


