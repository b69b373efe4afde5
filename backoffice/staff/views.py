"""Staff accounts (admins only). A new account gets a temporary password, which its first sign-in must
replace; afterwards an admin never sets a colleague's password, they send a reset from the account's
page (``backoffice/staff/password.py``). The hash is never shown, exported or audited."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy.orm import selectinload
from wtforms import PasswordField
from wtforms.validators import DataRequired, Optional

from shared.errors import DomainError
from shared.groups.models import Group
from shared.staff.accounts import create_staff_member, update_staff_member
from shared.staff.models import JobTitle, Role, StaffMember

from ..core.base import current_staff
from ..core.common import EntityView
from ..core.fields import CHOOSE, enum_select, visible
from ..extensions import db


class StaffView(EntityView):
    endpoint_name = "staff"
    allowed_roles = (Role.ADMIN,)
    write_roles = (Role.ADMIN,)
    export_roles = (Role.ADMIN,)
    column_list = ["last_name", "first_name", "email", "job_title", "role", "groups", "active"]
    column_details_list = ["last_name", "first_name", "email", "job_title", "role", "groups", "active",
                           "created_at"]
    actions_template = "staff/staff_lock_button.html"  # lift a sign-in delay, send a password reset
    column_export_list = ["last_name", "first_name", "email", "job_title", "role", "active"]
    column_labels = {"last_name": "Nom", "first_name": "Prénom", "email": "Adresse e-mail",
                     "job_title": "Fonction", "role": "Rôle", "groups": "Groupes", "active": "Compte actif",
                     "created_at": "Créé le", "new_password": "Mot de passe provisoire"}
    column_searchable_list = ["last_name", "first_name", "email"]
    column_sortable_list = ["last_name", "first_name", "email", "role"]
    column_default_sort = ("last_name", False)
    list_loads = (selectinload(StaffMember.groups),)  # the "Groupes" column, in one query for the page
    form_columns = ["first_name", "last_name", "email", "job_title", "role", "groups", "active", "new_password"]
    # Chosen on purpose, never preselected: the role grants rights (« Administrateur » came first).
    form_overrides = {"job_title": enum_select(JobTitle, blank=CHOOSE), "role": enum_select(Role, blank=CHOOSE)}
    form_extra_fields = {
        "new_password": PasswordField(
            "Nouveau mot de passe", validators=[Optional()],
            description="Au moins 10 caractères. Laissez vide pour garder le mot de passe actuel. Un travailleur "
                        "social orienteur qui ne se connecte pas (extérieur, ou sans compte) s'enregistre sans "
                        "mot de passe : c'est un contact, qu'on peut choisir comme orienteur et signataire."),
    }
    form_args = {
        "first_name": {"validators": [DataRequired("Indiquez le prénom.")]},
        "last_name": {"validators": [DataRequired("Indiquez le nom.")]},
        "email": {"validators": [DataRequired("Indiquez l'adresse e-mail.")]},  # its rules: shared.staff.rules
        "job_title": {"validators": [DataRequired("Choisissez la fonction.")]},
        "role": {"validators": [DataRequired("Choisissez le rôle.")]},
        "groups": {"query_factory": visible(Group, order_by=[Group.name])},
    }

    def create_record(self, form):
        with password_field():
            return create_staff_member(
                db.session, email=form.email.data, first_name=form.first_name.data, last_name=form.last_name.data,
                role=form.role.data, job_title=form.job_title.data, groups=form.groups.data,
                active=form.active.data, password=form.new_password.data, temporary_password=True)

    def update_record(self, form, model) -> None:
        with password_field():
            update_staff_member(
                db.session, model, email=form.email.data, first_name=form.first_name.data,
                last_name=form.last_name.data, role=form.role.data, job_title=form.job_title.data,
                groups=form.groups.data, active=form.active.data, actor=current_staff())

    def edit_form(self, obj=None):
        """No password on the edit form: the account's page sends a reset instead."""
        form = super().edit_form(obj)
        del form.new_password
        return form


@contextmanager
def password_field():
    """The domain names the password ``password``; this form calls its field ``new_password``."""
    try:
        yield
    except DomainError as error:
        if error.field == "password":
            error.field = "new_password"
        raise
