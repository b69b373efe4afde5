"""How values look in lists and details: French dates and numbers, enum labels, days-left badges. Never HTML by
string formatting: ``Markup(...) % value`` escapes the value."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

from flask import request, url_for
from flask_admin.model import typefmt
from markupsafe import Markup

from shared.dates import fr, fr_datetime, fr_time
from shared.labels import LabelledEnum
from shared.reports.tables import display

ROW_ID = 987_654_321_012_345  # where a row's id goes in a URL that ``row_url`` builds once a request
SAFE_ID = re.compile(r"[0-9A-Za-z-]+")  # ids that a URL shows as they are (numbers, UUIDs)
URGENT_DAYS = 30
SOON_DAYS = 90


def _date(view, value, name):
    return fr(value)


def _datetime(view, value, name):
    return fr_datetime(value)


def _time(view, value, name):
    return fr_time(value)


def french_number(value) -> str:
    """« 3,7 », « 1 234 » (the report's ``display``); a Decimal or a float shows one decimal."""
    return display(float(value) if isinstance(value, Decimal) else value)


def _number(view, value, name):
    return french_number(value)


def _enum(view, value, name):
    return value.label


def _bool(view, value, name):
    return "oui" if value else "non"


# Ours first: Flask-Admin picks the first isinstance match, and its own Enum formatter shows names.
OURS = {LabelledEnum: _enum, dt.datetime: _datetime, dt.date: _date, dt.time: _time}
NUMBERS = {float: _number, Decimal: _number}  # on screen only: a spreadsheet export keeps numbers
# Yes/no as words, in lists and on a record's page: Flask-Admin's icon said « cancelled: false » in English.
TYPE_FORMATTERS = OURS | NUMBERS | dict(typefmt.BASE_FORMATTERS) | {bool: _bool}
DETAIL_TYPE_FORMATTERS = dict(TYPE_FORMATTERS)
EXPORT_TYPE_FORMATTERS = OURS | {bool: _bool} | dict(typefmt.EXPORT_FORMATTERS)


def urgency(days: int) -> tuple[str, str]:
    """(Bootstrap colour, French word) for a number of days left."""
    if days < 0:
        return "secondary", "terminé"
    if days <= URGENT_DAYS:
        return "danger", "urgent"
    if days <= SOON_DAYS:
        return "warning", "bientôt"
    return "success", "en cours"


def days_left_text(days: int) -> str:
    if days < 0:
        return "terminé"
    if days == 0:
        return "dernier jour"
    return f"{days} j"


def days_left_badge(view, context, model, name):
    days = model.days_left
    colour, word = urgency(days)
    return Markup('<span class="badge badge-%s" title="%s">%s</span>') % (colour, word, days_left_text(days))


def days_left_export(view, context, model, name):
    return model.days_left


def link(endpoint_url: str, text) -> Markup:
    return Markup('<a href="%s">%s</a>') % (endpoint_url, text)


def row_url(endpoint: str, row_id, **values) -> str:
    """``url_for(endpoint, **values)`` with the row's id wherever a value is ``ROW_ID``. Built once a request
    and filled in for each row: a list of 25 rows asked ``url_for`` about a hundred times (bench/list_pages.py).
    """
    text = str(row_id)
    if not SAFE_ID.fullmatch(text):
        return url_for(endpoint, **{key: row_id if value == ROW_ID else value for key, value in values.items()})
    cache = vars(request._get_current_object()).setdefault("idmix_row_urls", {})
    key = (endpoint, *values.items())
    if key not in cache:
        cache[key] = url_for(endpoint, **values)
    return cache[key].replace(str(ROW_ID), text, 1)


def same_cell_every_row(key: str, row_id, render, facts: dict, id_name: str = "id") -> Markup:
    """A list cell that differs from row to row only by the row's id (its links, its delete button) and by
    a few ``facts`` (a signed contract has no « Modifier »): rendered once a request for each set of facts,
    with ``ROW_ID`` for the id, and filled in for each row. The row actions' macros were a fifth of a list
    page's time (bench/list_pages.py). ``render(row_id, row)`` gets a stand-in row: the facts and the id
    (``id_name``), nothing else."""
    text = str(row_id)
    if not SAFE_ID.fullmatch(text) or str(ROW_ID) in request.full_path:
        return render(row_id, SimpleNamespace(**facts, **{id_name: row_id}))
    cache = vars(request._get_current_object()).setdefault("idmix_row_cells", {})
    cache_key = (key, *sorted(facts.items()))
    if cache_key not in cache:
        cache[cache_key] = str(render(ROW_ID, SimpleNamespace(**facts, **{id_name: ROW_ID})))
    return Markup(cache[cache_key].replace(str(ROW_ID), text))


def type_formatter(formatters: dict, kind: type, cache: dict):
    """The formatter Flask-Admin would pick for a value of type ``kind`` (the first ``isinstance`` match in
    ``formatters``), looked up once a type: the search tried a dozen types for every cell of a list."""
    entry = cache.get((id(formatters), kind))
    if entry is None or entry[0] is not formatters:
        found = next((fmt for typeobj, fmt in formatters.items() if issubclass(kind, typeobj)), None)
        entry = cache[(id(formatters), kind)] = (formatters, found)
    return entry[1]
