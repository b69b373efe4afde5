"""One cell read as what its column expects: text, a date, a year, a number, an attendance mark.

A cell comes from calamine (str, int, float, bool, date, datetime) or from a CSV (str). Each reader
returns the value or raises ``CellError`` with a French message for the preview.
"""

from __future__ import annotations

import datetime as dt
import re

from shared.dates import fr
from shared.search import fold
from shared.sessions.models import AttendanceStatus

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its day 60 is the 29/02/1900 that never was)
SERIAL_RANGE = (20_000, 80_000)  # 1954 to 2119: a plain number in that range in a date column is a serial date
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")
_YEAR = re.compile(r"(\d{4})(?:[.,]0+)?")
# Attendance marks, folded (lower case, no accents).
MARKS = {
    "p": AttendanceStatus.PRESENT, "x": AttendanceStatus.PRESENT, "present": AttendanceStatus.PRESENT,
    "presente": AttendanceStatus.PRESENT, "present(e)": AttendanceStatus.PRESENT, "oui": AttendanceStatus.PRESENT,
    "1": AttendanceStatus.PRESENT,
    "a": AttendanceStatus.ABSENT, "abs": AttendanceStatus.ABSENT, "absent": AttendanceStatus.ABSENT,
    "absente": AttendanceStatus.ABSENT, "absent(e)": AttendanceStatus.ABSENT, "non": AttendanceStatus.ABSENT,
    "0": AttendanceStatus.ABSENT,
    "e": AttendanceStatus.EXCUSED, "exc": AttendanceStatus.EXCUSED, "excuse": AttendanceStatus.EXCUSED,
    "excusee": AttendanceStatus.EXCUSED, "excuse(e)": AttendanceStatus.EXCUSED,
}
MARKS_HELP = "« P » ou « X » (présent), « abs » (absent), « exc » (excusé) ou rien"


class CellError(ValueError):
    """The cell cannot be read as its column expects; ``message`` is French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def shown(value) -> str:
    """The cell as the user saw it in their spreadsheet, for a message."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return fr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return shown(value)
    value = " ".join(str(value).split())
    return value or None


def date(value) -> dt.date | None:
    """JJ/MM/AAAA, JJ/MM/AA, ISO AAAA-MM-JJ, a date cell, or Excel's serial number of the day."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError(f"« {value} » n'est pas une date (JJ/MM/AAAA).")
    if isinstance(value, (int, float)):
        return _serial(value)
    raw = str(value).strip()
    try:
        if match := _NUMERIC_DATE.fullmatch(raw):
            day, month, year = (int(part) for part in match.groups())
            if len(match.group(3)) == 2:
                year += 2000 if year <= dt.date.today().year % 100 + 1 else 1900
            return dt.date(year, month, day)
        if match := _ISO_DATE.fullmatch(raw):
            return dt.date(*(int(part) for part in match.groups()))
        if re.fullmatch(r"\d{5}(?:[.,]0+)?", raw):
            return _serial(float(raw.replace(",", ".")))
    except ValueError:
        raise CellError(f"« {raw} » n'est pas une date qui existe.") from None
    raise CellError(f"« {raw} » n'est pas une date : écrivez-la JJ/MM/AAAA (par exemple 14/03/2019).")


def _serial(number: float) -> dt.date:
    if not (SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]):
        raise CellError(f"« {shown(number)} » n'est pas une date : écrivez-la JJ/MM/AAAA (par exemple 14/03/2019).")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def year(value) -> int | None:
    """A year of birth: 1975, « 1975 », or a full date of birth (its year)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 1000 <= value <= 9999:
            return int(value)
        return date(value).year
    raw = str(value).strip()
    if match := _YEAR.fullmatch(raw):
        return int(match.group(1))
    try:
        return date(raw).year
    except CellError:
        raise CellError(f"« {raw} » n'est pas une année de naissance (par exemple 1975).") from None


def whole_number(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise CellError(f"« {shown(value)} » n'est pas un nombre.") from None
    if not number.is_integer() or number <= 0:
        raise CellError(f"« {shown(value)} » n'est pas un numéro de fiche.")
    return int(number)


def mark(value) -> AttendanceStatus | None:
    """An attendance grid's cell: present, absent, excused, or nothing (no row)."""
    raw = text(value)
    if raw is None:
        return None
    status = MARKS.get(fold(raw).rstrip("."))
    if status is None:
        raise CellError(f"« {raw} » n'est pas une présence : {MARKS_HELP}.")
    return status


def choice(value, options: dict, *, what: str):
    """A value from a short list (genre, minimum social, fonction), matched on its folded words."""
    raw = text(value)
    if raw is None:
        return None
    key = fold(raw).rstrip(".")
    if key in options:
        return options[key]
    known = ", ".join(f"« {name} »" for name in sorted({k for k in options if len(k) > 1})[:8])
    raise CellError(f"« {raw} » n'est pas {what} connu : {known}.")


def multiline_text(value) -> str | None:
    """A paragraph (objectives, expectations): its line breaks kept, each line's spaces tidied."""
    if value is None:
        return None
    if not isinstance(value, str):
        return text(value)
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = "\n".join(line for line in lines if line)
    return joined or None
