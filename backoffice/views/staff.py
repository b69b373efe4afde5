"""Staff accounts (admins only). The password is set through a "new password" field and hashed;
the hash is never shown, exported or audited."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import PasswordField
from wtforms.validators import DataRequired, Optional, Regexp

from shared.errors import DomainError
from shared.groups.models import Group
from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password

from ..extensions import db
from .common import EntityView
from .fields import enum_select, visible


class StaffView(EntityView):
    endpoint_name = "staff"
    allowed_roles = (Role.ADMIN,)
    write_roles = (Role.ADMIN,)
    export_roles = (Role.ADMIN,)
    column_list = ["last_name", "first_name", "email", "job_title", "role", "groups", "active"]
    column_details_list = ["last_name", "first_name", "email", "job_title", "role", "groups", "active",
                           "created_at", "locked_until"]
    column_export_list = ["last_name", "first_name", "email", "job_title", "role", "active"]
    column_labels = {"last_name": "Nom", "first_name": "Prénom", "email": "Adresse e-mail",
                     "job_title": "Fonction", "role": "Rôle", "groups": "Groupes", "active": "Compte actif",
                     "created_at": "Créé le", "locked_until": "Bloqué jusqu'à", "new_password": "Nouveau mot de passe"}
    column_searchable_list = ["last_name", "first_name", "email"]
    column_sortable_list = ["last_name", "first_name", "email", "role"]
    column_default_sort = ("last_name", False)
    list_loads = (selectinload(StaffMember.groups),)  # the "Groupes" column, in one query for the page
    form_columns = ["first_name", "last_name", "email", "job_title", "role", "groups", "active", "new_password"]
    form_overrides = {"job_title": enum_select(JobTitle), "role": enum_select(Role)}
    form_extra_fields = {
        "new_password": PasswordField(
            "Nouveau mot de passe", validators=[Optional()],
            description="Au moins 10 caractères. Laissez vide pour garder le mot de passe actuel."),
    }
    form_args = {
        "first_name": {"validators": [DataRequired("Indiquez le prénom.")]},
        "last_name": {"validators": [DataRequired("Indiquez le nom.")]},
        "email": {"validators": [DataRequired("Indiquez l'adresse e-mail."), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Adresse e-mail invalide.")]},
        "job_title": {"validators": [DataRequired("Choisissez la fonction.")]},
        "role": {"validators": [DataRequired("Choisissez le rôle.")]},
        "groups": {"query_factory": visible(Group, order_by=[Group.name])},
    }

    def validate_model(self, model, form, is_created):
        model.email = (model.email or "").strip().lower()
        with db.session.no_autoflush:
            taken = db.session.scalar(select(func.count(StaffMember.id)).where(
                func.lower(StaffMember.email) == model.email, StaffMember.id != (model.id or 0)))
        if taken:
            raise DomainError("Un compte existe déjà avec cette adresse e-mail.", field="email")
        password = form.new_password.data or ""
        if password:
            try:
                model.password_hash = hash_password(password)
            except DomainError as error:
                raise DomainError(error.message, field="new_password") from None
        elif is_created:
            raise DomainError("Choisissez un mot de passe pour ce nouveau compte.", field="new_password")
