"""What every action view shares: roles, scoped look-ups (404 outside one's scope), domain errors."""

from __future__ import annotations

from flask import redirect, url_for
from flask_admin import BaseView, expose
from werkzeug.routing import BuildError

from shared.errors import DomainError
from shared.staff.models import Role
from shared.text import at_place, of_name, readable_phone

from ..errors import CONTRACT_CONFLICT
from ..extensions import db
from ..scope import current_staff, scoped, scoped_or_404  # noqa: F401  (for the action views)
from .base import AccessMixin

WRITE_ROLES = (Role.ADMIN, Role.FACILITATOR)


def model_url(endpoint: str, **values) -> str | None:
    """A model view's URL, or None while that view is not registered (the app still answers)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def contract_url(contract_id: int) -> str:
    """The contract's details page; its printable view if the contract view is not there."""
    return model_url("contract.details_view", id=contract_id) or url_for("printing.contract", contract_id=contract_id)


TEMPLATE_HELPERS = {"model_url": model_url, "contract_url": contract_url, "at_place": at_place, "of_name": of_name,
                    "readable_phone": readable_phone}


class ActionView(AccessMixin, BaseView):
    """A plain (non-model) back-office page; hidden from the menu unless ``in_menu`` is set."""

    allowed_roles = WRITE_ROLES
    in_menu = False

    def is_visible(self) -> bool:
        return self.in_menu and self.is_accessible()

    @expose("/")
    def index(self):
        """Flask-Admin wants a default page; the per-record actions start from the record itself."""
        return redirect(url_for("admin.index"))

    def render(self, template: str, **kwargs):
        return super().render(template, **(TEMPLATE_HELPERS | kwargs))


def show_domain_error(form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Put the French message next to its field (or on top of the form) and forget pending changes.

    The request's one commit runs on every answer below 400, so a refused operation must leave
    nothing behind in the session: roll back what it may have changed.
    """
    db.session.rollback()
    name = (aliases or {}).get(error.field, error.field) if error.field else None
    field = getattr(form, name, None) if name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors or []) + [error.message]
    else:
        form.form_errors.append(error.message)


def show_conflict(form) -> None:
    """Someone else changed the contract meanwhile: nothing is saved, the form keeps what was typed."""
    db.session.rollback()
    form.form_errors.append(CONTRACT_CONFLICT)



def form_level_errors(form) -> list[str]:
    errors = list(form.form_errors)
    if "csrf_token" in form.errors:
        errors.append("Le formulaire a expiré : rechargez la page et réessayez.")
    return errors
