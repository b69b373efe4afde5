"""Closure periods of the groups (summer break, Christmas week): « Générer les séances » skips them."""

from __future__ import annotations

from sqlalchemy.orm import joinedload
from wtforms.validators import DataRequired

from shared.groups.closures import GroupClosure, add_closure, remove_closure, update_closure
from shared.groups.models import Group

from ..core.common import EntityView
from ..core.fields import visible
from ..extensions import db


class ClosureView(EntityView):
    endpoint_name = "group_closure"
    column_list = ["group", "label", "starts_on", "ends_on"]
    column_details_list = column_list
    column_export_list = column_list
    column_labels = {"group": "Groupe", "label": "Motif", "starts_on": "Premier jour fermé",
                     "ends_on": "Dernier jour fermé"}
    column_descriptions = {"label": "Montré quand le calendrier saute une date, ex. « Congés d'été ».",
                           "ends_on": "Ce jour-là aussi, le groupe ne se réunit pas."}
    column_sortable_list = ["starts_on", "ends_on"]
    column_default_sort = ("starts_on", True)
    list_loads = (joinedload(GroupClosure.group),)
    form_columns = ["group", "label", "starts_on", "ends_on"]
    form_args = {
        "group": {"query_factory": visible(Group, order_by=[Group.name]),
                  "validators": [DataRequired("Choisissez le groupe.")]},
        "label": {"validators": [DataRequired("Indiquez le motif (ex. : congés d'été).")]},
        "starts_on": {"validators": [DataRequired("Indiquez le premier jour de fermeture.")]},
        "ends_on": {"validators": [DataRequired("Indiquez le dernier jour de fermeture.")]},
    }

    def _values(self, form) -> dict:
        return dict(group=form.group.data, label=form.label.data, starts_on=form.starts_on.data,
                    ends_on=form.ends_on.data)

    def create_record(self, form):
        return add_closure(db.session, **self._values(form))

    def update_record(self, form, model) -> None:
        update_closure(db.session, model, **self._values(form))

    def delete_record(self, model) -> None:
        remove_closure(db.session, model)
