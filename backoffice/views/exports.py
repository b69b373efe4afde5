"""CSV and XLSX exports: explicit columns only, for the roles that may take data away, formula-safe."""

from __future__ import annotations

import csv
import io

from flask import abort
from flask_admin import expose
from flask_admin._compat import csv_encode
from werkzeug import Response
from werkzeug.utils import secure_filename

from shared.spreadsheets import FORMULA_TRIGGERS, neutralise  # noqa: F401  (re-exported for the views)
from shared.staff.models import Role

from .base import role_allowed


class SafeExportMixin:
    """Every view exports through this: ``column_export_list`` must be set, never the hashes."""

    export_types = ["csv", "xlsx"]
    export_roles: tuple[Role, ...] = (Role.ADMIN, Role.FACILITATOR)
    column_export_list: list[str] | None = None
    # Plain-text formatters only: the list's HTML formatters must never reach a file.
    column_formatters_export: dict = {}

    @property
    def can_export(self) -> bool:  # type: ignore[override]
        return self.column_export_list is not None and role_allowed(self.export_roles)

    @expose("/export/<export_type>/")
    def export(self, export_type):
        if not self.can_export or export_type not in self.export_types:
            abort(403)
        return super().export(export_type)

    def get_export_value(self, model, name):
        value = super().get_export_value(model, name)
        return neutralise(value if value is None or isinstance(value, (int, float)) else str(value))

    def _export_csv(self, return_url):
        """The whole CSV written inside the request, not streamed as Flask-Admin does.

        Flask-Admin loads the rows in the request but formats them while the answer is being sent:
        by then the request's commit has expired them and the app context's teardown has closed the
        session, so the first value read raised DetachedInstanceError and the file stopped after its
        header. The rows are in memory either way; their text is made here, once, in the session.
        """
        _count, rows = self._export_data()
        columns = self._export_columns
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow([csv_encode(title) for _name, title in columns])
        writer.writerows([csv_encode(self.get_export_value(row, name)) for name, _title in columns] for row in rows)
        filename = secure_filename(self.get_export_name(export_type="csv"))
        return Response(text.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment;filename={filename}"})
