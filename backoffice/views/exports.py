"""CSV and XLSX exports: explicit columns only, for the roles that may take data away, formula-safe."""

from __future__ import annotations

from flask import abort
from flask_admin import expose

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
