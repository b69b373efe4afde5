"""The activity report as files for the funders: CSV and XLSX, every table, formula-safe.

- CSV: one file, the French spreadsheet way (UTF-8 with a byte-order mark, ``;`` between cells,
  decimal comma, dates as DD/MM/YYYY) so that it opens as is with a double click. It starts with
  the heading (group, period, date), then one section per table: its title on a line, the column
  headers, the rows, the total, a "Note" line when the table has one, and a blank line.
- XLSX: a first sheet "Bilan" with the heading, then one sheet per table (headers in bold, total
  last, the note two rows below).
"""

from __future__ import annotations

from shared.reports.figures import ActivityReport
from shared.reports.tables import ReportTable, report_meta, report_tables
from shared.spreadsheets import french_csv, neutralise, workbook

REPORT_TITLE = "Bilan d'activité"


def _csv_rows(report: ActivityReport, group_label: str, place: str | None, tables: list[ReportTable]):
    yield [REPORT_TITLE]
    for label, value in report_meta(report, group_label, place):
        yield [label, value]
    for table in tables:
        yield []
        yield [table.title]
        yield table.headers
        yield from table.all_rows
        if table.note:
            yield ["Note", table.note]


def report_csv(report: ActivityReport, group_label: str, *, place: str | None = None,
               tables: list[ReportTable] | None = None) -> bytes:
    return french_csv(_csv_rows(report, group_label, place, tables or report_tables(report)))


def _table_rows(table: ReportTable):
    yield from table.all_rows
    if table.note:
        yield ()
        yield (table.note,)


def report_xlsx(report: ActivityReport, group_label: str, *, place: str | None = None,
                tables: list[ReportTable] | None = None) -> bytes:
    heading = ("Bilan", (REPORT_TITLE, ""), [(label, neutralise(value))
                                            for label, value in report_meta(report, group_label, place)])
    return workbook([heading] + [(table.sheet, table.headers, _table_rows(table))
                                 for table in tables or report_tables(report)])
