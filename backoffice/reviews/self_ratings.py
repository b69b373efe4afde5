"""The person's own view over time: one line per life area, one point per review (1 to 4), with
the same figures as a table for print and screen readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pygal
from markupsafe import Markup
from pygal.style import Style

from shared.dates import fr
from shared.reviews.models import RATING_LABELS, RATING_MAX, RATING_MIN, LifeArea, ReviewKind

from ..charts import IDMIX_STYLE, new_chart, render_inline

SHORT_KIND = {ReviewKind.MID_TERM: "mi-parcours", ReviewKind.FINAL: "final"}


@dataclass(frozen=True)
class Reading:
    """One review at which the person rated themself."""

    held_on: dt.date
    kind: ReviewKind
    contract_id: int

    @property
    def label(self) -> str:
        return f"{fr(self.held_on)} ({SHORT_KIND[self.kind]})"


@dataclass(frozen=True)
class AreaLine:
    area: LifeArea
    ratings: list[int | None]  # one per reading; None where the question was not asked


@dataclass(frozen=True)
class SelfRatingFigures:
    readings: list[Reading]
    lines: list[AreaLine]  # only the areas rated at least once, in our order of areas

    def __bool__(self) -> bool:
        return bool(self.readings)


def self_rating_figures(rows: Iterable) -> SelfRatingFigures:
    """From ``shared.reviews.queries.self_rating_history`` rows (oldest first) to readings × areas."""
    readings: list[Reading] = []
    by_area: dict[LifeArea, dict[int, int]] = {}
    for row in rows:
        reading = Reading(row.held_on, row.kind, row.contract_id)
        if not readings or readings[-1] != reading:
            readings.append(reading)
        by_area.setdefault(row.area, {})[len(readings) - 1] = row.rating
    lines = [AreaLine(area, [by_area[area].get(i) for i in range(len(readings))])
             for area in LifeArea if area in by_area]
    return SelfRatingFigures(readings, lines)


# Older readings lighter, the latest darkest: progress reads from light to dark.
READING_COLOURS = ("#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")


def reading_colours(count: int) -> tuple[str, ...]:
    """``count`` colours spread from light to dark (the latest reading always the darkest)."""
    last = len(READING_COLOURS) - 1
    if count <= 1:
        return (READING_COLOURS[3],)
    return tuple(READING_COLOURS[round(i * last / (count - 1))] for i in range(count))


def self_rating_chart(figures: SelfRatingFigures) -> Markup:
    """Grouped horizontal bars: one group per life area, one bar per reading, oldest first.

    Bars rather than lines: with a 1-to-4 answer, lines of several areas lie on top of each other and
    hide one another; bars side by side keep every answer visible and read at once.
    """
    count = len(figures.readings)
    lines = list(reversed(figures.lines))  # pygal draws the first label at the bottom: ours reads top-down
    chart = new_chart(
        pygal.HorizontalBar,
        title="Réponses de la personne, domaine par domaine",
        style=chart_style(reading_colours(count)),
        range=(0, RATING_MAX),
        y_labels=[{"value": value, "label": f"{value} {label.lower()}"} for value, label in RATING_LABELS.items()],
        x_labels=[line.area.label for line in lines],
        truncate_label=-1,
        truncate_legend=-1,
        height=110 + 50 * max(len(figures.lines), 1) + 12 * count,
        legend_at_bottom_columns=min(count, 2),
        print_values=True,
        print_values_position="top",
    )
    for index, reading in enumerate(figures.readings):
        chart.add(reading.label, [line.ratings[index] for line in lines])
    return render_inline(chart)


def chart_style(colours) -> Style:
    """Our style with the given series colours."""
    options = {name: getattr(IDMIX_STYLE, name) for name in dir(IDMIX_STYLE)
               if not name.startswith("_") and not callable(getattr(IDMIX_STYLE, name))}
    return Style(**(options | {"colors": tuple(colours)}))
