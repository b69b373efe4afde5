"""Server-rendered SVG charts (pygal): no JavaScript, no CDN, printable.

Every chart in the back-office is built through ``new_chart`` so that they share one look, render as
inline SVG (``render_inline``) and stay readable in print and for screen readers (a title and a
table of the same figures always sit beside the chart in the templates).
"""

from __future__ import annotations

import math
import re

import pygal
from markupsafe import Markup
from pygal.style import Style

IDMIX_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    colors=("#2c3e50", "#18bc9c", "#f39c12", "#e74c3c", "#3498db", "#8e44ad", "#7f8c8d"),
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    legend_font_size=13,
    title_font_size=16,
    tooltip_font_size=13,
)


def new_chart(kind: type[pygal.graph.graph.Graph], *, title: str, **options) -> pygal.graph.graph.Graph:
    """A pygal chart with our style, French number formatting, and no external script."""
    config = dict(
        title=title,
        style=IDMIX_STYLE,
        disable_xml_declaration=True,
        js=[],  # no CDN: the interactive tooltip script is not loaded, the SVG stays static
        show_legend=True,
        legend_at_bottom=True,
        print_values=False,
        width=640,
        height=320,
        explicit_size=False,
        value_formatter=lambda value: f"{value:n}" if isinstance(value, int) else f"{value:.1f}".replace(".", ","),
    )
    config.update(options)
    return kind(**config)


def count_axis(highest) -> list[int]:
    """Whole numbers from 0, about six ticks: counts (people, votes) have no decimals."""
    step = max(1, math.ceil((highest or 1) / 6))
    return list(range(0, int(highest or 1) + step, step))


_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
_GENERATED = re.compile(r"<!--Generated with pygal.*?-->", re.S)


def render_inline(chart) -> Markup:
    """The chart as an inline ``<svg>`` element, safe to put in a template.

    pygal writes an inline configuration script for its tooltips even without ``js``; it is dropped so
    that the page runs no chart script at all (and a strict Content-Security-Policy holds).
    """
    svg = chart.render(is_unicode=True)
    return Markup(_GENERATED.sub("", _SCRIPT.sub("", svg)))
