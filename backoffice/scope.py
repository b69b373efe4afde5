"""What the signed-in staff member may see, applied to queries and single records (``shared.staff.access``)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from shared.db import MAX_ID
from shared.staff.access import scope_condition

from .extensions import db


def current_staff():
    return current_user.staff if current_user.is_authenticated else None


def role_allowed(roles) -> bool:
    staff = current_staff()
    return staff is not None and staff.role in roles


def record_key(pk, value):
    """A posted id as the key's type, or None when it cannot be one (never a database error)."""
    try:
        key = pk.type.python_type(value)
    except NotImplementedError:
        return value
    except (TypeError, ValueError, AttributeError, OverflowError):
        return None
    if isinstance(key, int) and not -MAX_ID <= key <= MAX_ID:
        return None
    return key


def scoped(query, model):
    """``query`` limited to the rows of ``model`` the signed-in staff member may see."""
    return query.where(scope_condition(model, current_staff()))


def scoped_record(model, record_id, loads=()):
    """The record if the signed-in staff member may see it, else None (absent, out of scope, or no id);
    ``loads``: loader options."""
    pk = model.__mapper__.primary_key[0]
    key = record_key(pk, record_id)
    return None if key is None else db.session.scalar(scoped(select(model).where(pk == key), model).options(*loads))


def scoped_or_404(model, record_id):
    """The record if the signed-in staff member may see it; a 404 otherwise (absent or out of scope)."""
    record = scoped_record(model, record_id)
    if record is None:
        abort(404)
    return record
