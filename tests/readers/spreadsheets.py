"""Exports read as a French spreadsheet reads them: a CSV by French Excel's rules (a UTF-8 byte-order mark, or
the accents come out garbled; ``;`` the list separator, or every row sits in one column), an XLSX by
python-calamine (PyPI), which is not the library that wrote it: it gives each cell's type as stored."""

from __future__ import annotations

import csv
import io

from python_calamine import CalamineWorkbook

BOM = b"\xef\xbb\xbf"


def read_french_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM), "no byte-order mark: French Excel reads the accents as Windows-1252"
    rows = list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline=""), delimiter=";"))
    assert rows and all(len(row) == len(rows[0]) for row in rows if row), "rows of unequal width"
    return rows


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    """{sheet name: rows of typed values (date, datetime, time, float, str)}."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
