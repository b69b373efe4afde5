"""Staff accounts (admins): the list, lifting a sign-in delay, sending a password reset."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.staff.models import StaffMember

    from ..extensions import db
    from .lock import StaffLockView
    from .password import StaffPasswordView
    from .views import StaffView

    admin.add_view(StaffView(StaffMember, db, name="Comptes de l'équipe", category="Paramètres"))
    admin.add_view(StaffLockView(name="Délai de connexion", endpoint="staff_lock", url="/actions/staff-lock"))
    admin.add_view(StaffPasswordView(name="Mot de passe", endpoint="staff_password", url="/actions/staff-password"))
