"""Search-as-you-type selects (Flask-Admin's ``form_ajax_refs``) that only ever offer, and only ever
accept, records the signed-in staff member may see.

A ``<select>`` of every person is fine for a group of thirty and useless for a department of 20,000:
the page weighs megabytes and takes seconds. These loaders answer ``/<view>/ajax/lookup/`` ten rows at
a time. Flask-Admin's own loader searches and loads any row (``session.get``); here the list, the
record a form posts and the record a form shows all go through ``scope_condition``.
"""

from __future__ import annotations

import datetime as dt
import re

from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.model.fields import AjaxSelectField
from sqlalchemy import and_, extract, or_, select
from sqlalchemy.orm import contains_eager, joinedload
from wtforms.validators import StopValidation

from shared import clock, search
from shared.alphabetical import alphabetical
from shared.dates import fr
from shared.groups.models import Group, Theme
from shared.people.models import Participant
from shared.people.queries import open_file_condition
from shared.people.status import without_situation
from shared.sessions.models import Session
from shared.staff.access import scope_condition
from shared.text import strip_control_characters

from ..extensions import db
from .base import current_staff, record_key
from .fields import NOTHING_CHOSEN

PAGE = 10  # what Flask-Admin's form.js asks for; it asks for the next page while scrolling
MAX_PAGE = 50
MAX_OFFSET = 10_000
MAX_TERM = 100  # characters of a search; nobody types more, and a huge one must stay cheap
MAX_WORDS = 4


def search_words(term: str | None) -> list[str]:
    """The words of what was typed, each to be found in one of the fields: "dupont mar"."""
    cleaned = strip_control_characters(term or "")[:MAX_TERM]
    return cleaned.split()[:MAX_WORDS]


def _bounded(value, default: int, low: int, high: int) -> int:
    return default if value is None else max(low, min(int(value), high))


class ScopedLoader(QueryAjaxModelLoader):
    """Rows of ``model`` the signed-in staff may see, searched on ``fields`` (every typed word must
    match one of them), in ``order_by``, shown by ``label``."""

    def __init__(self, name: str, model, *, fields, label, order_by, joins=None, load=(), word_condition=None,
                 offered=(), placeholder: str, missing: str):
        super().__init__(name, db, model, fields=fields, placeholder=placeholder, minimum_input_length=1)
        self.label = label
        self.order = order_by
        self.joins = joins or (lambda query: query)  # the tables of fields that are not the model's
        self.load = load
        self.word_condition = word_condition or (lambda word: None)
        self.missing = missing  # said when a posted id is not one of those rows
        self.offered = offered  # conditions on what the search offers (a record already chosen still shows)

    def _query(self):
        query = self.joins(select(self.model))
        return query.where(scope_condition(self.model, current_staff())).options(*self.load)

    def get_query(self):
        return self._query()

    def format(self, model):
        return None if model is None else (model.id, self.label(model))

    def get_one(self, pk):
        """The record a form posted or shows, or None when it is not one the staff member may see."""
        column = self.model.__mapper__.primary_key[0]
        key = record_key(column, pk)
        if key is None or current_staff() is None:
            return None
        with db.session.no_autoflush:  # Flask-Admin calls this while populating the model
            return db.session.scalars(self._query().where(column == key)).unique().first()

    def get_list(self, term, offset=0, limit=PAGE):
        if current_staff() is None:
            return []
        query = self._query().where(*self.offered)
        for word in search_words(term):
            # ``_cached_fields``: the searched columns as Flask-Admin 2.2's QueryAjaxModelLoader resolved them.
            matches = [search.matches(field, word) for field in self._cached_fields]
            extra = self.word_condition(word)
            query = query.where(or_(*matches, *([extra] if extra is not None else [])))
        order = self.order() if callable(self.order) else self.order
        query = query.order_by(*alphabetical(*order)).offset(_bounded(offset, 0, 0, MAX_OFFSET))
        return db.session.scalars(query.limit(_bounded(limit, PAGE, 1, MAX_PAGE))).unique().all()


class ScopedAjaxSelectField(AjaxSelectField):
    """Flask-Admin's search-as-you-type select; a posted id that is not one of the loader's rows
    (another group's person, a deleted one, garbage) is refused with the loader's French sentence.
    An empty choice is left to the field's "required" validators and their own sentence."""

    def pre_validate(self, form):
        # ``_formdata``: the posted id as Flask-Admin 2.2's AjaxSelectField keeps it (flask_admin/model/fields.py).
        if self.data is None and self._formdata not in (None, "", "__None"):
            raise StopValidation(self.loader.missing)


class ScopedAjaxConverter(AdminModelConverter):
    """Fields of ``form_ajax_refs`` are the scoped select above (Flask-Admin's would say "Choix incorrect").
    An optional relation's empty choice reads « — aucun — »: Flask-Admin leaves its label empty, and WTForms
    3.3 then shows the option's value, « __None »."""

    # Overrides Flask-Admin 2.2's ``AdminModelConverter._model_select_field`` (flask_admin/contrib/sqla/form.py),
    # which reads the view's ``_form_ajax_refs``.
    def _model_select_field(self, prop, multiple, remote_model, **kwargs):
        loader = getattr(self.view, "_form_ajax_refs", {}).get(prop.key)
        if isinstance(loader, ScopedLoader) and not multiple:
            kwargs.pop("query_factory", None)
            return ScopedAjaxSelectField(loader, **kwargs)
        if not multiple and not kwargs.get("blank_text"):
            kwargs["blank_text"] = NOTHING_CHOSEN
        return super()._model_select_field(prop, multiple, remote_model, **kwargs)


def person_label(person: Participant) -> str:
    return f"{person.last_name.upper()} {person.first_name} ({person.group.name})"


def people(name: str = "participant") -> ScopedLoader:
    """The people one may see, by last then first name: "DURAND Jean (Les Tilleuls)"."""
    return ScopedLoader(
        name, Participant, fields=[Participant.last_name, Participant.first_name], label=person_label,
        order_by=[Participant.last_name, Participant.first_name, Participant.id],
        # The derived status is never shown here: computing it for every match would cost most of the time.
        load=[without_situation(), joinedload(Participant.group, innerjoin=True)],
        offered=[open_file_condition()],  # a closed file is reopened before anything new is recorded
        placeholder="Tapez un nom…",
        missing="Cette personne est introuvable parmi celles que vous suivez : choisissez-la dans la liste.")


_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def session_day_condition(word: str):
    """"12/03", "12/03/2026", "12/03/26" or "2026-03-12": the sessions held that day (any year without one)."""
    try:
        if _ISO_DAY.match(word):
            return Session.held_on == dt.date.fromisoformat(word)
        found = _DAY.match(word)
        if not found:
            return None
        day, month, year = int(found[1]), int(found[2]), found[3]
        if year:
            return Session.held_on == dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        dt.date(2024, month, day)  # a day that exists (in a leap year)
        return and_(extract("day", Session.held_on) == day, extract("month", Session.held_on) == month)
    except ValueError:
        return None


def session_label(session: Session) -> str:
    what = session.title or (session.theme.name if session.theme else "Séance")
    return f"{fr(session.held_on)} – {what} ({session.group.name})"


def sessions(name: str = "session") -> ScopedLoader:
    """The sessions one may see, found by date, group, theme or title: the latest held first (attendance
    is taken for those), then those to come."""
    return ScopedLoader(
        name, Session, fields=[Group.name, Theme.name, Session.title], label=session_label,
        order_by=lambda: [Session.held_on > clock.today(), Session.held_on.desc(), Group.name, Session.id],
        joins=lambda query: query.join(Session.group).outerjoin(Session.theme),
        load=[contains_eager(Session.group), contains_eager(Session.theme)],
        word_condition=session_day_condition,
        placeholder="Tapez une date (12/03), un groupe ou un thème…",
        missing="Cette séance est introuvable parmi celles que vous pouvez voir : choisissez-la dans la liste.")
