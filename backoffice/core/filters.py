"""List filters that call the named queries of ``shared/`` (no business rule written here).

With ``named_filter_urls`` a filter's URL key is its name and operation, lower-cased, accents
and punctuation dropped: ``filter_url("contract", "suivi", "j30")`` is how the dashboard links.
"""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_admin.babel import lazy_gettext
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from sqlalchemy import select

from shared.alphabetical import alphabetical
from shared.contracts import queries as contracts
from shared.contracts.next_steps import ended_early_without_exit_condition
from shared.contracts.queries import EXPIRY_WINDOWS
from shared.db import id_from_text
from shared.people import queries as people
from shared.sessions import queries as sessions
from shared.staff.models import REFERRER_JOBS, Role, StaffMember

from ..extensions import db
from .base import current_staff, list_scoped


class ChoiceFilter(BaseSQLAFilter):
    """A drop-down filter; ``conditions`` maps each option value to a function giving a SQL condition."""

    operation_label = "equals"

    def __init__(self, column, name, conditions: dict, labels: dict | None = None, options=None):
        self.conditions = conditions
        super().__init__(column, name, options=options or [(k, (labels or {}).get(k, k)) for k in conditions])

    def validate(self, value):
        return value in self.conditions

    def apply(self, query, value, alias=None):
        return query.filter(self.conditions[value]())

    def operation(self):
        return lazy_gettext(self.operation_label)


class IdFilter(BaseSQLAFilter):
    """Equality on an id, with the options listed by a query factory (e.g. the staff one may see)."""

    def __init__(self, column, name, condition, options):
        self.condition = condition
        super().__init__(column, name, options=options)

    def validate(self, value):
        return id_from_text(value) is not None

    def apply(self, query, value, alias=None):
        return query.filter(self.condition(id_from_text(value)))

    def operation(self):
        return lazy_gettext("equals")


class TextEqualFilter(BaseSQLAFilter):
    def apply(self, query, value, alias=None):
        return query.filter(self.get_column(alias) == value)

    def operation(self):
        return lazy_gettext("equals")


PREPARE_DAYS = EXPIRY_WINDOWS[-1]  # the longest follow-up window: time to prepare a renewal or an exit
CONTRACT_FOLLOW_UP = {
    "en_vigueur": (lambda: contracts.in_force_condition(), "En vigueur"),
    **{f"j{days}": (lambda days=days: contracts.ending_within_condition(days),
                    f"Se termine dans {days} jours ou moins") for days in EXPIRY_WINDOWS},
    "a_preparer": (lambda: contracts.needs_action_condition(PREPARE_DAYS),
                   f"Fin dans {PREPARE_DAYS} jours, ni renouvellement ni sortie en préparation"),
    "sortie_a_enregistrer": (lambda: ended_early_without_exit_condition(),
                             "Fin anticipée, sortie à enregistrer"),
    "sans_suite": (lambda: contracts.ended_without_follow_up_condition(),
                   "Terminé sans renouvellement ni sortie enregistrée"),
    "brouillons": (lambda: contracts.unsigned_drafts_condition(), "Brouillons non signés"),
}


def contract_follow_up_filter(column):
    return ChoiceFilter(
        column, "Suivi",
        {key: cond for key, (cond, _) in CONTRACT_FOLLOW_UP.items()},
        {key: label for key, (_, label) in CONTRACT_FOLLOW_UP.items()},
    )


def participant_status_filter(column):
    from shared import clock
    from shared.kiosk.queries import pin_locked_condition
    from shared.people.models import ParticipantStatus

    conditions = {s.value: (lambda s=s: people.status_condition(s)) for s in ParticipantStatus}
    conditions["decrochage"] = lambda: people.drifting_away_condition()
    conditions["code_bloque"] = lambda: pin_locked_condition(clock.now())
    labels = {s.value: s.label for s in ParticipantStatus} | {"decrochage": "Absent(e) aux deux dernières séances",
                                                              "code_bloque": "Code tablette bloqué"}
    return ChoiceFilter(column, "Situation", conditions, labels)


def session_period_filter(column):
    return ChoiceFilter(column, "Période", {
        "a_venir": lambda: sessions.upcoming_condition(),
        "passees": lambda: sessions.past_condition(),
    }, {"a_venir": "À venir", "passees": "Passées"})


def session_capacity_filter(column):
    return ChoiceFilter(column, "Places", {
        "complete": lambda: sessions.full_condition(),
        "places_restantes": lambda: sessions.places_left_condition(),
    }, {"complete": "Complète (présents ≥ capacité)", "places_restantes": "Places restantes ou sans limite"})


def staff_options(*, referrers: bool = False, role: Role | None = None):
    """(id, « Prénom Nom ») of the staff one may see (referring social workers, or of one role), by name:
    only those rows and columns read, with no ORM step (bench/list_pages.py)."""
    conditions = [StaffMember.job_title.in_(sorted(REFERRER_JOBS))] if referrers else []
    conditions += [StaffMember.role == role] if role is not None else []

    def options():
        if not has_request_context() or current_staff() is None:
            return []  # options are listed per request, for the signed-in staff (see EntityView)
        query = (list_scoped(select(StaffMember.id, StaffMember.first_name, StaffMember.last_name), StaffMember)
                 .where(*conditions).order_by(*alphabetical(StaffMember.last_name, StaffMember.first_name)))
        return [(str(key), f"{first} {last}") for key, first, last in db.session.connection().execute(query)]
    return options


def name_options(model):
    """(id, name) of the rows of ``model`` one may see, by name (groups, themes): two columns read."""
    def options():
        if not has_request_context() or current_staff() is None:
            return []
        query = list_scoped(select(model.id, model.name), model).order_by(*alphabetical(model.name))
        return [(str(key), name) for key, name in db.session.connection().execute(query)]
    return options


def model_options(model, label=str, order_by=None, load=(), where=(), limit: int | None = None):
    """Options of a filter: the rows one may see (at most ``limit``: every option weighs on every list page)."""
    def options():
        if not has_request_context() or current_staff() is None:
            return []
        query = list_scoped(select(model), model).where(*where).options(*load)
        if order_by is not None:
            query = query.order_by(*alphabetical(order_by))
        if limit is not None:
            query = query.limit(limit)
        return [(str(row.id), label(row)) for row in db.session.scalars(query).all()]
    return options


def filter_key(name: str, operation: str = "equals") -> str:
    import re

    key = re.sub("[^a-z0-9 ]", "", f"{name} {operation}".lower())
    return re.sub(" +", "_", key)


def filter_url(endpoint: str, name: str, value, operation: str = "equals", **extra) -> str:
    return url_for(f"{endpoint}.index_view", **{f"flt0_{filter_key(name, operation)}": value}, **extra)


