"""The partner directory: every staff member reads it; admins and the facilitators of a structure's groups change
it (``shared.partners.rules.check_may_change``)."""

from __future__ import annotations

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.validators import DataRequired

from shared.alphabetical import alphabetical
from shared.groups.models import Group
from shared.partners.models import Partner, PartnerKind, partner_group
from shared.partners.operations import add_partner, update_partner

from ..core.common import EntityView
from ..core.fields import CHOOSE, enum_select
from ..core.filters import ChoiceFilter, IdFilter, name_options
from ..extensions import db
from ..scope import current_staff


def _groups(view, context, model, name):
    return ", ".join(group.name for group in model.groups) or "—"


def _email(view, context, model, name):
    return Markup('<a href="mailto:%s">%s</a>') % (model.email, model.email) if model.email else ""


def active_groups():
    """Every active group: a structure may work with several groups, and a group's name is no one's data."""
    return db.session.scalars(select(Group).where(Group.active.is_(True)).order_by(*alphabetical(Group.name))).all()


class PartnerView(EntityView):
    endpoint_name = "partner"
    audit_table = "partner"
    column_list = ["name", "kind", "address", "contact_name", "phone", "groups"]
    column_details_list = ["name", "kind", "address", "contact_name", "phone", "email", "groups"]
    column_export_list = ["name", "kind", "address", "contact_name", "phone", "email", "groups"]
    column_labels = {"name": "Nom de la structure", "kind": "Type", "address": "Adresse",
                     "contact_name": "Personne à contacter", "phone": "Téléphone", "email": "E-mail",
                     "groups": "Groupes qui travaillent avec elle"}
    column_descriptions = {"groups": "Les groupes qui peuvent la choisir pour une séance ou une sortie. Un "
                                     "animateur coche ou décoche ses propres groupes."}
    column_searchable_list = ["name", "address", "contact_name"]
    column_sortable_list = ["name", "kind"]
    column_default_sort = ("name", False)
    column_formatters = {"groups": _groups, "email": _email}
    column_formatters_detail = {"groups": _groups, "email": _email}
    column_formatters_export = {"groups": _groups}
    list_loads = (selectinload(Partner.groups),)
    form_columns = ["name", "kind", "address", "contact_name", "phone", "email", "groups"]
    form_overrides = {"kind": enum_select(PartnerKind, blank=CHOOSE)}
    form_args = {
        "name": {"validators": [DataRequired("Indiquez le nom de la structure.")]},
        "kind": {"validators": [DataRequired("Choisissez le type de structure.")]},
        "groups": {"query_factory": active_groups},
    }

    @property
    def column_filters(self):
        return [
            ChoiceFilter(Partner.kind, "Type", {k.value: (lambda k=k: Partner.kind == k) for k in PartnerKind},
                         {k.value: k.label for k in PartnerKind}),
            IdFilter(Partner.id, "Groupe",
                     lambda v: Partner.id.in_(select(partner_group.c.partner_id).where(partner_group.c.group_id == v)),
                     name_options(Group)),
        ]

    def _values(self, form) -> dict:
        return dict(name=form.name.data, kind=form.kind.data, address=form.address.data,
                    contact_name=form.contact_name.data, phone=form.phone.data, email=form.email.data,
                    groups=list(form.groups.data or []), actor=current_staff())

    def create_record(self, form):
        return add_partner(db.session, **self._values(form))

    def update_record(self, form, model) -> None:
        update_partner(db.session, model, **self._values(form))
