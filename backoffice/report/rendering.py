"""The printable report as one standalone HTML file (inline CSS and SVG, A4), without Flask.

The back-office's print view and ``idmix report --format html`` both call ``render_print``, so the
paper a funder receives is the same whichever way it was made.
"""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from shared.evaluation.models import ActionReview
from shared.reports.figures import ActivityReport
from shared.reports.tables import ReportTable, display, key_figures, period_label, report_meta, report_tables

from .charts import report_charts

# The texts of the evaluation of the action (ActionReview), in the order staff write and read them.
REVIEW_SECTIONS = (
    ("strengths", "Points forts de l'action"),
    ("weaknesses", "Points faibles et difficultés"),
    ("new_strategies", "Nouvelles stratégies"),
    ("social_ties", "Création de liens sociaux"),
    ("valuing_people", "Valorisation des personnes"),
)

_environment = Environment(loader=PackageLoader("backoffice.report", "templates"), autoescape=select_autoescape(),
                           trim_blocks=True, lstrip_blocks=True)


def layout_rows(tables: list[ReportTable], charts: dict) -> list[list[ReportTable]]:
    """Tables in reading order, a table with its chart alone on its row, two chartless tables side by side."""
    rows: list[list[ReportTable]] = []
    for table in tables:
        if not charts.get(table.key) and rows and len(rows[-1]) == 1 and not charts.get(rows[-1][0].key):
            rows[-1].append(table)
        else:
            rows.append([table])
    return rows


def review_sections(review: ActionReview | None) -> list[tuple[str, str]]:
    if review is None:
        return []
    return [(label, getattr(review, name)) for name, label in REVIEW_SECTIONS if getattr(review, name)]


def render_print(report: ActivityReport, group_label: str, *, place: str | None = None,
                 review: ActionReview | None = None, back_url: str | None = None) -> str:
    """The whole report, ready to print; ``back_url`` adds the screen toolbar (print, back)."""
    tables = report_tables(report)
    charts = report_charts(tables)
    return _environment.get_template("report/print.html").render(
        group_label=group_label, period=period_label(report), meta=report_meta(report, group_label, place),
        rows=layout_rows(tables, charts), charts=charts, figures=key_figures(report), display=display,
        review=review_sections(review), back_url=back_url,
    )
