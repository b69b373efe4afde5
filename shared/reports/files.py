"""The activity report as files for the funders: CSV and XLSX, every table, formula-safe.

- CSV: one file, the French spreadsheet way (UTF-8 with a byte-order mark, ``;`` between cells,
  decimal comma, dates as DD/MM/YYYY) so that it opens as is with a double click. It starts with
  the heading (group, period, date), then one section per table: its title on a line, the column
  headers, the rows, the total, a "Note" line when the table has one, and a blank line.
- XLSX: a first sheet "Bilan" with the heading, then one sheet per table (headers in bold, total
  last, the note two rows below).
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import tablib

from shared.dates import fr
from shared.reports.figures import ActivityReport
from shared.reports.tables import ReportTable, Value, report_meta, report_tables
from shared.spreadsheets import neutralise

REPORT_TITLE = "Bilan d'activité"
CSV_DELIMITER = ";"


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    if isinstance(value, dt.date):
        return fr(value)
    return neutralise(str(value))


def report_csv(report: ActivityReport, group_label: str, *, place: str | None = None,
               tables: list[ReportTable] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([REPORT_TITLE])
    for label, value in report_meta(report, group_label, place):
        writer.writerow([label, neutralise(value)])
    for table in tables or report_tables(report):
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.all_rows:
            writer.writerow([_csv_cell(value) for value in row])
        if table.note:
            writer.writerow(["Note", table.note])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(value: Value):
    return neutralise(value) if isinstance(value, str) else value


def report_xlsx(report: ActivityReport, group_label: str, *, place: str | None = None,
                tables: list[ReportTable] | None = None) -> bytes:
    heading = tablib.Dataset(title="Bilan", headers=(REPORT_TITLE, ""))
    for label, value in report_meta(report, group_label, place):
        heading.append((label, neutralise(value)))
    book = tablib.Databook([heading])
    for table in tables or report_tables(report):
        sheet = tablib.Dataset(title=table.sheet, headers=table.headers)
        for row in table.all_rows:
            sheet.append(tuple(_xlsx_cell(value) for value in row))
        if table.note:
            blank = ("",) * len(table.headers)
            sheet.append(blank)
            sheet.append((table.note,) + blank[1:])
        book.add_sheet(sheet)
    return book.export("xlsx")
