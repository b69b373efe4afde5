"""The person's own view over time: one line per life area, one point per review (1 to 4), with
the same figures as a table for print and screen readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pygal
from markupsafe import Markup

from shared.reviews.models import RATING_LABELS, RATING_MAX, RATING_MIN, LifeArea, ReviewKind

from . import new_chart, render_inline

SHORT_KIND = {ReviewKind.MID_TERM: "mi-parcours", ReviewKind.FINAL: "final"}


@dataclass(frozen=True)
class Reading:
    """One review at which the person rated themself."""

    held_on: dt.date
    kind: ReviewKind
    contract_id: int

    @property
    def label(self) -> str:
        return f"{self.held_on:%d/%m/%Y} ({SHORT_KIND[self.kind]})"


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


def self_rating_chart(figures: SelfRatingFigures) -> Markup:
    chart = new_chart(
        pygal.Line,
        title="Ce que la personne dit d'elle-même, bilan après bilan",
        range=(RATING_MIN, RATING_MAX),
        y_labels=[{"value": value, "label": f"{value} – {label}"} for value, label in RATING_LABELS.items()],
        x_labels=[reading.label for reading in figures.readings],
        truncate_label=-1,
        truncate_legend=-1,
        dots_size=5,
        stroke_style={"width": 3},
        height=360,
        legend_at_bottom_columns=3,
    )
    for line in figures.lines:
        chart.add(line.area.label, line.ratings)
    return render_inline(chart)
