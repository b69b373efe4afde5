"""Flask-Admin's save hooks hand the form to an operation of ``shared/``; nothing is saved around it.

A view says which operation creates, changes and deletes its records (``create_record``,
``update_record``, ``delete_record``); the form is only the input. A refusal of the domain
(``DomainError``) is shown once: next to its field when it names one, as a flash otherwise.
"""

from __future__ import annotations

from flask import flash, g
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from shared.errors import DomainError
from shared.records.deletion import RecordHasHistory, delete_record

from ..errors import UNAVAILABLE
from ..extensions import db


def show_refusal(form, error: DomainError) -> None:
    """The domain's French message next to its field, or above the form when it names none."""
    field = getattr(form, error.field, None) if (form is not None and error.field) else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [error.message]
    else:
        flash(error.message, "error")


def refusal_about(name: str, error: DomainError) -> str:
    """A refusal among several deletions, naming its record: « Aïcha Traoré : sa fiche a un historique (…) »."""
    if isinstance(error, RecordHasHistory):
        return error.about(name)
    message = error.message
    return f"{name} : {message[:1].lower()}{message[1:]}"


class DomainWrites:
    """Mixed into the base model view: create, update and delete go through ``shared/``."""

    def create_record(self, form):
        """Return the new record, made by an operation of ``shared/`` from ``form.data``."""
        raise DomainError("Cette fiche ne se crée pas ici.")

    def update_record(self, form, model) -> None:
        """Change ``model`` through an operation of ``shared/`` from ``form.data``."""
        raise DomainError("Cette fiche ne se modifie pas ici.")

    def delete_record(self, model) -> None:
        """Delete a record made by mistake; refused when anything depends on it (``shared.records``)."""
        delete_record(db.session, model)

    # Flask-Admin's hooks
    def create_model(self, form):
        return self._write(form, lambda: self.create_record(form))

    def update_model(self, form, model) -> bool:
        return self._write(form, lambda: self.update_record(form, model) or model) is not None

    def delete_model(self, model) -> bool:
        return self._write(None, lambda: self.delete_record(model) or model) is not None

    def _write(self, form, save):
        try:
            record = save()
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            if g.get("idmix_deleting") is not None:  # one of several (``base.action_delete``): named
                flash(refusal_about(g.idmix_deleting, error), "error")
            else:
                show_refusal(form, error)
            return None
        except (StaleDataError, IntegrityError, *UNAVAILABLE) as error:
            db.session.rollback()
            if not self.handle_view_exception(error):
                raise
            return None
        return record
