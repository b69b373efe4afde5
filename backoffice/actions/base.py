"""What every action view shares: roles, scoped look-ups (404 outside one's scope), domain errors."""

from __future__ import annotations

from flask import abort, redirect, url_for
from flask_admin import BaseView, expose
from sqlalchemy import select
from werkzeug.routing import BuildError

from shared import clock
from shared.errors import DomainError
from shared.staff.access import scope_condition
from shared.staff.models import Role

from ..errors import CONTRACT_CONFLICT
from ..extensions import db
from ..views.base import AccessMixin, current_staff
from ..views.contracts import edited_from_stale_copy  # noqa: F401  (for the contract actions)

WRITE_ROLES = (Role.ADMIN, Role.FACILITATOR)


WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]


def long_date(day) -> str:
    """"jeudi 10 décembre 2026", "mardi 1er juin 2027"."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {first} {MONTHS[day.month - 1]} {day.year}"


def short_date(day) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def model_url(endpoint: str, **values) -> str | None:
    """A model view's URL, or None while that view is not registered (the app still answers)."""
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


def contract_url(contract_id: int) -> str:
    """The contract's details page; its printable view if the contract view is not there."""
    return model_url("contract.details_view", id=contract_id) or url_for("printing.contract", contract_id=contract_id)


TEMPLATE_HELPERS = {"long_date": long_date, "short_date": short_date, "tz": clock.CENTRE_TZ,
                    "model_url": model_url, "contract_url": contract_url}


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


def scoped_or_404(model, record_id):
    """The record if the signed-in staff member may see it; a 404 otherwise (absent or out of scope)."""
    pk = model.__mapper__.primary_key[0]
    record = db.session.scalar(select(model).where(pk == record_id, scope_condition(model, current_staff())))
    if record is None:
        abort(404)
    return record


def scoped(query, model):
    return query.where(scope_condition(model, current_staff()))


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
        errors.append("Le formulaire a expiré : rechargez la page et réessayez.")
    return errors
