"""The yearly activity report (bilan d'activité): the page, its A4 print view, CSV and XLSX exports.

Admins see every group; facilitators their own groups ("all groups" = all of theirs); referrers
none: the report describes a whole group, not the people they referred.
"""

from __future__ import annotations

from flask import Response, abort, redirect, request, url_for
from flask_admin import expose

from shared import clock
from shared.reports.files import report_csv, report_xlsx
from shared.reports.tables import display, key_figures, report_meta, report_tables

from ..core.actions import WRITE_ROLES, ActionView
from ..core.base import current_staff
from .charts import report_charts
from .choice import ALL, ReportChoice, build_report, read_choice
from .rendering import REVIEW_SECTIONS, layout_rows, render_print

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", report_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx),
}


def file_name(choice: ReportChoice, extension: str) -> str:
    who = f"groupe-{choice.group.id}" if choice.group else "tous-les-groupes"
    return f"bilan-activite-{who}-{choice.period_from:%Y%m%d}-{choice.period_to:%Y%m%d}.{extension}"


class ReportView(ActionView):
    allowed_roles = WRITE_ROLES
    in_menu = True

    @expose("/")
    def index(self):
        staff = current_staff()
        choice = read_choice(request.args, staff)
        report = build_report(choice, staff)
        context = {}
        if report is not None:
            tables = report_tables(report)
            charts = report_charts(tables)
            context = dict(
                tables=tables, rows=layout_rows(tables, charts), charts=charts, figures=key_figures(report),
                meta=report_meta(report, choice.label(staff), choice.place), review=choice.review,
            )
        year = clock.today().year
        return self.render(
            "report/page.html", choice=choice, report=report, label=choice.label(staff) if choice.ok else "",
            display=display, quick_years=(year, year - 1, year - 2), all_value=ALL, review_sections=REVIEW_SECTIONS,
            **context,
        )

    @expose("/print")
    def print_view(self):
        staff = current_staff()
        choice = read_choice(request.args, staff)
        report = build_report(choice, staff)
        if report is None:  # a hand-made URL: the page says what is wrong
            return redirect(url_for(".index", **choice.raw))
        return render_print(report, choice.label(staff), place=choice.place, review=choice.review,
                            back_url=url_for(".index", **choice.args))

    @expose("/export/<export_type>")
    def export(self, export_type: str):
        if export_type not in EXPORTS:
            abort(404)
        staff = current_staff()
        choice = read_choice(request.args, staff)
        report = build_report(choice, staff)
        if report is None:
            return redirect(url_for(".index", **choice.raw))
        mimetype, write = EXPORTS[export_type]
        return Response(write(report, choice.label(staff), place=choice.place), content_type=mimetype, headers={
            "Content-Disposition": f'attachment; filename="{file_name(choice, export_type)}"',
            "Cache-Control": "no-store",
        })
