"""CSV and XLSX exports: explicit columns only, for the roles that may take data away, formula-safe,
written the French way (``shared.spreadsheets``): a CSV French Excel opens with a double click, an XLSX
whose dates are dates and whose counts are numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from flask import abort
from flask_admin import expose
from werkzeug import Response
from werkzeug.utils import secure_filename

from shared.labels import LabelledEnum
from shared.spreadsheets import FORMULA_TRIGGERS, export_name, french_csv, neutralise, workbook  # noqa: F401
from shared.staff.models import Role

from .base import role_allowed
from .formatters import type_formatter

# Values a spreadsheet keeps as they are (it sorts and sums them); bool is an int but reads « oui »/« non ».
TYPED = (int, float, Decimal, dt.date, dt.time)
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class SafeExportMixin:
    # Follows Flask-Admin 2.2's exports (flask_admin/model/base.py: ``_export_data``, ``_export_columns``,
    # ``_get_field_value``, ``_column_choices_map``); ``export`` replaces its view of the same name.
    """Every view exports through this: ``column_export_list`` must be set, never the hashes."""

    export_types = ["csv", "xlsx"]
    export_roles: tuple[Role, ...] = (Role.ADMIN, Role.FACILITATOR)
    column_export_list: list[str] | None = None
    # Plain-text formatters only: the list's HTML formatters must never reach a file.
    column_formatters_export: dict = {}
    # A file's column titles where they differ from the list's (``column_labels``).
    column_export_labels: dict = {}

    @property
    def can_export(self) -> bool:  # type: ignore[override]
        return self.column_export_list is not None and role_allowed(self.export_roles)

    @expose("/export/<export_type>/")
    def export(self, export_type):
        if not self.can_export or export_type not in self.export_types:
            abort(403)
        return self._export_file(export_type)

    def get_export_value(self, model, name):
        """A cell: numbers, dates and times typed (each file writes them its own way), the rest as French text."""
        formatter = self.column_formatters_export.get(name)
        value = formatter(self, None, model, name) if formatter is not None else self._get_field_value(model, name)
        choices = self._column_choices_map.get(name)
        if choices:
            return neutralise(str(choices.get(value) or value))
        if isinstance(value, TYPED) and not isinstance(value, (bool, LabelledEnum)):
            return value
        found = vars(self).setdefault("_export_formatters_found", {})
        type_fmt = type_formatter(self.column_type_formatters_export, type(value), found)
        if type_fmt is not None:
            value = type_fmt(self, value, name)
        return neutralise(value if value is None else str(value))

    def get_export_name(self, export_type: str = "csv") -> str:
        """The view's French name and the moment in Paris time (Flask-Admin's is the server's, UTC)."""
        return export_name(self.name, export_type)

    def export_sheet_name(self) -> str:
        return self.name

    def prepare_export(self, rows) -> None:
        """Load once what the rows' cells read besides the rows (names of other records): nothing by default."""

    def _export_file(self, export_type: str):
        """The whole file written inside the request, not streamed as Flask-Admin does.

        Flask-Admin loads the rows in the request but formats them while the answer is being sent:
        by then the request's commit has expired them and the app context's teardown has closed the
        session, so the first value read raised DetachedInstanceError and the file stopped after its
        header. The rows are in memory either way; their cells are made here, once, in the session.
        """
        _count, rows = self._export_data()
        self.prepare_export(rows)
        columns = self._export_columns
        headers = [self.column_export_labels.get(name, title) for name, title in columns]
        cells = [[self.get_export_value(row, name) for name, _title in columns] for row in rows]
        if export_type == "csv":
            body = french_csv([headers, *cells])
        else:
            body = workbook([(self.export_sheet_name(), headers, cells)])
        filename = secure_filename(self.get_export_name(export_type=export_type))
        return Response(body, content_type=MIMETYPES[export_type],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"',
                                 "Cache-Control": "no-store"})
