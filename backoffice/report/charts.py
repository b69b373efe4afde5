"""The charts of the activity report, drawn from the same tables the page prints beside them.

``report_charts(tables)`` gives an inline SVG per table key that has a chart; a table whose figures
are all zero gets none (the page says "nothing in the period" instead of an empty drawing). No Flask
here: ``idmix report`` draws the same charts into its HTML file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pygal
from markupsafe import Markup

from shared.dates import fr_compact
from shared.reports.tables import ReportTable

from ..charts import IDMIX_STYLE, count_axis, new_chart, render_inline

WIDTH = 480  # drawing units; the SVG scales to its column, so narrower means larger text
# Light enough for the figure printed on a bar to stay readable, in colour and in grey.
BAR_COLOURS = ("#7fb3e0",)
PART_COLOURS = ("#7fb3e0", "#f5b971", "#8fd9c6", "#e99a92", "#b9a3d6", "#c8ced3", "#f7dc6f")
# Objective outcomes (to start, in progress, achieved, dropped) and moods (very good → very bad).
OUTCOME_COLOURS = ("#c8ced3", "#7fb3e0", "#5cc9a7", "#e99a92")
MOOD_COLOURS = ("#5cc9a7", "#7fb3e0", "#f5b971", "#e99a92")
SHORT_LABELS = {
    "Assistant(e) de service social de proximité (ASS)": "ASS de proximité",
    "Chargé(e) d'insertion professionnelle (CIP)": "CIP",
    "Conseiller(ère) en économie sociale et familiale (CESF)": "CESF",
    "Assistant(e) de service social spécialisé(e) RMI/RSA": "ASS spécialisé RMI",
    "ASS (allocation de solidarité spécifique)": "ASS (allocation)",
}


def _short(label) -> str:
    return SHORT_LABELS.get(str(label), str(label))


def _has_figures(table: ReportTable) -> bool:
    return any(isinstance(v, (int, float)) and v for row in table.rows for v in row[1:])


def bar(table: ReportTable, *, horizontal: bool = False) -> Markup:
    """One bar per row, the count printed at its end; labels on the axis."""
    chart = _chart(pygal.HorizontalBar if horizontal else pygal.Bar, table, show_legend=False,
                      print_values=True, print_zeroes=False, truncate_label=-1, style=_style_with(BAR_COLOURS),
                      y_labels=count_axis(max(row[1] for row in table.rows)),
                      height=50 + 46 * len(table.rows) if horizontal else 300)
    # pygal draws a horizontal chart's first label at the bottom: reverse to read top-down like the table.
    rows = list(reversed(table.rows)) if horizontal else list(table.rows)
    chart.x_labels = [_short(row[0]) for row in rows]
    chart.add(table.headers[-1], [row[1] for row in rows])
    return render_inline(chart)


def pie(table: ReportTable, colours: tuple[str, ...] = PART_COLOURS) -> Markup:
    chart = _chart(pygal.Pie, table, height=300, inner_radius=0.45, print_values=True, print_zeroes=False,
                      truncate_legend=-1, style=_style_with(colours))
    for label, value in ((row[0], row[1]) for row in table.rows):
        chart.add(_short(label), [value or None])
    return render_inline(chart)


def stacked_by_outcome(table: ReportTable) -> Markup:
    """Objectives: a horizontal bar per category that has some, split by outcome."""
    rows = [row for row in table.rows if row[-1]]
    chart = _chart(pygal.HorizontalStackedBar, table, print_values=True, print_zeroes=False,
                      truncate_label=-1, truncate_legend=-1, height=90 + 46 * len(rows), legend_at_bottom_columns=2,
                      width=640,  # the legend of four outcomes needs the room
                      style=_style_with(OUTCOME_COLOURS), y_labels=count_axis(max(row[-1] for row in rows)))
    chart.x_labels = [row[0] for row in reversed(rows)]
    for column, outcome in enumerate(table.headers[1:-1], start=1):
        chart.add(outcome, [row[column] or None for row in reversed(rows)])
    return render_inline(chart)


def mood_line(table: ReportTable) -> Markup:
    chart = _chart(pygal.Line, table, height=300, show_legend=False, range=(1, 4), include_x_axis=False,
                      x_label_rotation=-45, show_minor_x_labels=False, dots_size=4, truncate_label=-1,
                      style=_style_with(("#2c7fb8",)))
    chart.x_labels = [fr_compact(row[0]) for row in table.rows]
    chart.x_labels_major = chart.x_labels[:: max(1, len(table.rows) // 8)]
    chart.y_labels = [1, 2, 3, 4]
    chart.add("Humeur moyenne", [row[2] for row in table.rows])
    return render_inline(chart)


def _style_with(colours: tuple[str, ...]):
    """Our style in these colours, with larger text: the charts are drawn narrow (half an A4 page)."""
    style = copy.copy(IDMIX_STYLE)
    style.colors = colours
    for name in ("label_font_size", "major_label_font_size", "value_font_size", "legend_font_size"):
        setattr(style, name, 15)
    return style


def _chart(kind, table: ReportTable, **options):
    """The section's heading titles the chart: no second title inside the drawing."""
    return new_chart(kind, title=None, **({"width": WIDTH} | options))


CHARTS: dict[str, Callable[[ReportTable], Markup]] = {
    "people_status": lambda t: bar(t, horizontal=True),
    "people_gender": pie,
    "people_age": lambda t: bar(t, horizontal=True),
    "people_benefit": lambda t: bar(t, horizontal=True),
    "referrals": lambda t: bar(t, horizontal=True),
    "contracts": lambda t: bar(t, horizontal=True),
    "objectives": stacked_by_outcome,
    "exits": lambda t: bar(t, horizontal=True),
    "moods": lambda t: pie(t, MOOD_COLOURS),
}


def report_charts(tables: list[ReportTable]) -> dict[str, Markup]:
    """An inline SVG per table key with figures to draw."""
    charts = {}
    for table in tables:
        if table.key == "moods_sessions":
            if len(table.rows) >= 2:
                charts[table.key] = mood_line(table)
        elif table.key in CHARTS and _has_figures(table):
            charts[table.key] = CHARTS[table.key](table)
    return charts
