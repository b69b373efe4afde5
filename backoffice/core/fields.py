"""Form fields the views share: French dates, enum selects with French labels, choices limited to what one
may see."""

from __future__ import annotations

import datetime as dt
import enum
import re

from flask_admin.contrib.sqla.fields import QuerySelectField
from flask_admin.form import DatePickerWidget
from flask_admin.form.widgets import TimePickerWidget
from flask_admin.form.fields import TimeField
from sqlalchemy import select
from wtforms import DateField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.meta import DefaultMeta
from wtforms.validators import InputRequired, StopValidation

from shared.alphabetical import alphabetical
from shared.staff.access import scope_condition
from shared.staff.models import REFERRER_JOBS, StaffMember

from ..extensions import db
from ..scope import current_staff

DATE_REQUIRED = "Indiquez une date."


# Shown first; also read: one-digit days and months, dashes or dots, and the ISO form (YYYY-MM-DD).
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
NOT_A_DATE = "Date non valide\u00a0: écrivez-la JJ/MM/AAAA, par exemple 25/11/2026."
NOT_A_TIME = "Heure non valide\u00a0: écrivez-la comme 14h00 (ou 14h, 14:00)."
# 14h00, 14h, 14 h 30, 14:00, 14:00:00, 14.30
_TIME = re.compile(r"\s*(\d{1,2})\s*(?:[h:.]\s*(\d{2})?(?::(\d{2}))?)?\s*", re.IGNORECASE)


class FrenchDateWidget(DatePickerWidget):
    """Flask-Admin's date picker told the format (static/forms/dates_fr.js puts it in French)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("data-date-format", "DD/MM/YYYY")
        kwargs.setdefault("placeholder", "JJ/MM/AAAA")
        kwargs.setdefault("autocomplete", "off")
        kwargs.setdefault("inputmode", "numeric")
        return super().__call__(field, **kwargs)


class FrenchDateField(DateField):
    """A date typed JJ/MM/AAAA (or ISO), shown JJ/MM/AAAA. A date that cannot be read says so, instead of
    the field's « required » message (``DataRequired`` would replace it: « Indiquez la date de début »)."""

    widget = FrenchDateWidget()

    def __init__(self, label=None, validators=None, format=DATE_FORMATS, **kwargs):
        super().__init__(label, validators, format=list(format), **kwargs)

    def process_formdata(self, valuelist):
        text = " ".join(valuelist).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        for date_format in self.format:
            try:
                self.data = dt.datetime.strptime(text, date_format).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(NOT_A_DATE)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the reading error stays alone under the field


class FrenchTimeWidget(TimePickerWidget):
    """Flask-Admin's time picker, shown and typed the French way (14h00)."""

    def __call__(self, field, **kwargs):
        kwargs["data-date-format"] = "HH[h]mm"  # moment's format: what the picker writes
        kwargs.setdefault("placeholder", "HHhMM")
        kwargs.setdefault("autocomplete", "off")
        return super().__call__(field, **kwargs)


class FrenchTimeField(TimeField):
    """A time shown 14h00 (Flask-Admin's showed 14:00:00), typed 14h00, 14h, 14:00 or 14:00:00."""

    widget = FrenchTimeWidget()

    def __init__(self, label=None, validators=None, **kwargs):
        for key in ("formats", "default_format", "widget_format"):
            kwargs.pop(key, None)
        super().__init__(label, validators, default_format="%Hh%M", **kwargs)

    def process_formdata(self, valuelist):
        text = " ".join(valuelist).strip() if valuelist else ""
        if not text:
            self.data = None
            return
        found = _TIME.fullmatch(text)
        hour, minute, second = (int(part or 0) for part in found.groups()) if found else (99, 0, 0)
        if hour > 23 or minute > 59 or second > 59:
            self.data = None
            raise ValueError(NOT_A_TIME)
        self.data = dt.time(hour, minute)

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # the reading error stays alone under the field


class FrenchDatesMeta(DefaultMeta):
    """Every date field of a back-office form becomes a ``FrenchDateField``: those Flask-Admin makes from
    the models and those the views declare (``wtforms.DateField``, HTML's ``type=date`` whose display
    and calendar follow the browser's language). Every time field becomes a ``FrenchTimeField`` (14h00)."""

    def bind_field(self, form, unbound_field, options):
        if unbound_field.field_class is DateField:
            kwargs = {k: v for k, v in unbound_field.kwargs.items() if k not in ("widget", "format")}
            unbound_field = UnboundField(FrenchDateField, *unbound_field.args, name=unbound_field.name, **kwargs)
        elif unbound_field.field_class is TimeField:
            kwargs = {k: v for k, v in unbound_field.kwargs.items() if k != "widget"}
            unbound_field = UnboundField(FrenchTimeField, *unbound_field.args, name=unbound_field.name, **kwargs)
        return super().bind_field(form, unbound_field, options)


CHOOSE = "— choisir —"
NOTHING_CHOSEN = "— aucun —"  # an optional relation left empty (a session without a theme)
NOT_OFFERED = "Ce choix n'est pas proposé\u00a0: choisissez dans la liste."


def enum_select(enum_cls, *, blank: str | None = None):
    """A select showing the enum's French labels and storing its value (Flask-Admin's own uses names).

    ``blank``: a first, empty option, selected on a new record, for what must be chosen on purpose (what is
    counted in the reports, what grants rights): nothing is preselected, and an empty answer is refused by
    the field's validators or the operation, in French, next to the field."""

    def coerce(value):
        if value is None or value == "":
            return None
        return enum_cls(value.value if isinstance(value, enum.Enum) else value)

    class EnumSelectField(SelectField):
        def __init__(self, label=None, validators=None, **kwargs):
            for key in ("allow_blank", "choices", "coerce", "blank_text"):
                kwargs.pop(key, None)
            choices = [SelectChoice(v, label) for v, label in enum_cls.choices()]
            if blank is not None:
                choices.insert(0, SelectChoice("", blank))
            super().__init__(label, validators, choices=choices, coerce=coerce, **kwargs)

        def process_formdata(self, valuelist):
            try:
                super().process_formdata(valuelist)
            except ValueError as error:  # a value the list does not offer (WTForms: « ne peut pas être converti »)
                raise ValueError(NOT_OFFERED) from error

        def pre_validate(self, form):
            if self.data is None:
                return  # "required" is the job of the validators
            super().pre_validate(form)

    return EnumSelectField


class PartySelect(QuerySelectField):
    """A person to choose (a party of the contract, a referrer): nobody chosen until someone chooses (a browser
    would show the first name of the list as chosen), and a posted id that is not offered refused with
    ``missing`` (French)."""

    def __init__(self, *args, missing: str, **kwargs):
        kwargs.update(allow_blank=True, blank_text=CHOOSE)
        super().__init__(*args, **kwargs)
        self.missing = missing

    def pre_validate(self, form):
        # ``_formdata``: the posted id as Flask-Admin 2.2's QuerySelectField keeps it
        # (flask_admin/contrib/sqla/fields.py).
        if self.data is None and self._formdata not in (None, "", "__None"):
            raise StopValidation(self.missing)  # "required" would clear a plain error
        super().pre_validate(form)


def visible(model, *conditions, order_by=None):
    """A query factory: rows of ``model`` the signed-in staff may see, for a form's select."""

    def factory():
        query = select(model).where(scope_condition(model, current_staff()), *conditions)
        if order_by is not None:
            query = query.order_by(*alphabetical(*order_by))
        return db.session.scalars(query).all()

    return factory


def referrer_choices():
    """The « Orienté(e) par » picker: active referring social workers (accounts or contacts without a password,
    ``REFERRER_JOBS``) the signed-in staff may see; never a facilitator or a manager, whom the rules refuse."""
    return visible(StaffMember, StaffMember.active.is_(True), StaffMember.job_title.in_(sorted(REFERRER_JOBS)),
                   order_by=[StaffMember.last_name, StaffMember.first_name])


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


def required_date(label: str, **kw) -> FrenchDateField:
    return FrenchDateField(label, validators=[InputRequired(DATE_REQUIRED)], **kw)
