"""The skills admins add to the built-in list (« Paramètres › Compétences »); the built-in ones are listed above."""

from __future__ import annotations

from shared.attestations.skills import DEFAULT_SKILLS, add_skill, update_skill
from shared.staff.models import Role

from ..core.common import EntityView
from ..extensions import db


class SkillView(EntityView):
    endpoint_name = "skill"
    allowed_roles = (Role.ADMIN, Role.FACILITATOR)
    write_roles = (Role.ADMIN,)
    can_delete = False  # a skill recognised on an attestation keeps its history: stop offering it instead
    column_list = ["name", "active"]
    column_export_list = ["name", "active"]
    column_labels = {"name": "Compétence", "active": "Proposée"}
    column_searchable_list = ["name"]
    column_sortable_list = ["name", "active"]
    column_default_sort = ("name", False)
    form_columns = ["name", "active"]
    column_description = {"name": "S'ajoute à la liste de base : " + ", ".join(DEFAULT_SKILLS) + "."}

    def create_record(self, form):
        return add_skill(db.session, form.name.data, active=form.active.data)

    def update_record(self, form, model) -> None:
        update_skill(db.session, model, name=form.name.data, active=form.active.data)
