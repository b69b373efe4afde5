"""Form fields the views share: enum selects with French labels, choices limited to what one may see."""

from __future__ import annotations

import enum

from sqlalchemy import select
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from shared.staff.access import scope_condition

from ..extensions import db
from .base import current_staff


def enum_select(enum_cls):
    """A select showing the enum's French labels and storing its value (Flask-Admin's own uses names)."""

    def coerce(value):
        if value is None or value == "":
            return None
        return enum_cls(value.value if isinstance(value, enum.Enum) else value)

    class EnumSelectField(SelectField):
        def __init__(self, label=None, validators=None, **kwargs):
            for key in ("allow_blank", "choices", "coerce", "blank_text"):
                kwargs.pop(key, None)
            super().__init__(label, validators, choices=[SelectChoice(v, label) for v, label in enum_cls.choices()], coerce=coerce, **kwargs)

        def pre_validate(self, form):
            if self.data is None:
                return  # "required" is the job of the validators
            super().pre_validate(form)

    return EnumSelectField


def visible(model, *conditions, order_by=None):
    """A query factory: rows of ``model`` the signed-in staff may see, for a form's select."""

    def factory():
        query = select(model).where(scope_condition(model, current_staff()), *conditions)
        if order_by is not None:
            query = query.order_by(*order_by)
        return db.session.scalars(query).all()

    return factory
