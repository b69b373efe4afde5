"""Files that leave the application for a spreadsheet (CSV, XLSX), written the French way.

- No formula may ride along: a text cell a spreadsheet would run is prefixed with a quote.
- CSV: what French Excel opens with a double click and LibreOffice reads right by default: UTF-8 with a
  byte-order mark, ``;`` between cells, CRLF lines, decimal comma, dates JJ/MM/AAAA, times 14h00.
- XLSX: typed cells (dates are dates shown JJ/MM/AAAA, numbers are numbers), bold headers, French sheet names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from shared import clock
from shared.dates import fr, fr_datetime

# A spreadsheet runs a cell starting with one of these as a formula (CSV/XLSX injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TIME_FORMAT = 'HH"h"MM'
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise(value):
    """Prefix a text cell that a spreadsheet would take for a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _local(value: dt.datetime) -> dt.datetime:
    """The centre's wall-clock time, naive: what a spreadsheet shows (it knows no time zone)."""
    return value.astimezone(clock.CENTRE_TZ).replace(tzinfo=None) if value.tzinfo else value


def csv_cell(value) -> str:
    """One cell as French Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (float, Decimal)):
        return f"{value}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return fr_datetime(value)
    if isinstance(value, dt.date):
        return fr(value)
    if isinstance(value, dt.time):
        return f"{value.hour}h{value.minute:02d}"
    return neutralise(str(value))


def french_csv(rows: Iterable[Sequence]) -> bytes:
    """Rows (the first one usually the headers) as a CSV file a French spreadsheet opens as is."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_value(value):
    """A cell's value as openpyxl should store it: numbers and dates typed, text formula-safe."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        return _local(value)
    if value is None or isinstance(value, (bool, int, float, dt.date, dt.time)):
        return value
    return neutralise(str(value))


NUMBER_FORMATS = ((dt.datetime, DATETIME_FORMAT), (dt.date, DATE_FORMAT), (dt.time, TIME_FORMAT))


def sheet_name(text: str) -> str:
    """A name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return SHEET_NAME_FORBIDDEN.sub(" ", text).strip()[:SHEET_NAME_MAX] or "Feuille"


def workbook(sheets: Iterable[tuple[str, Sequence, Iterable[Sequence]]]) -> bytes:
    """``sheets``: (name, headers, rows). Headers in bold and frozen; dates shown JJ/MM/AAAA."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for name, headers, rows in sheets:
        title = sheet_name(name)
        while title.lower() in used:  # two tables with one name: Excel refuses the file
            title = f"{title[:SHEET_NAME_MAX - 2]} {len(used) + 1}"[:SHEET_NAME_MAX]
        used.add(title.lower())
        sheet = book.create_sheet(title)
        if headers:
            sheet.append([xlsx_value(value) for value in headers])
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "A2"
        for row in rows:
            sheet.append([xlsx_value(value) for value in row])
            for cell in sheet[sheet.max_row]:
                for kind, number_format in NUMBER_FORMATS:
                    if isinstance(cell.value, kind):
                        cell.number_format = number_format
                        break
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_name(title: str, extension: str, moment: dt.datetime | None = None) -> str:
    """« Personnes_2026-07-09_14h05.csv »: the moment in the centre's time, as staff read their clocks."""
    moment = (moment or clock.now()).astimezone(clock.CENTRE_TZ)
    return f"{title}_{moment:%Y-%m-%d_%Hh%M}.{extension}"
