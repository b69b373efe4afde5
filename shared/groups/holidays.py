"""Public holidays of a group's region: mainland France, Alsace, Moselle, the overseas departments.

Regions are subdivisions of the ``holidays`` package (``holidays.France.subdivisions``).
"""

from __future__ import annotations

import datetime as dt

import holidays

from shared.errors import DomainError

REGIONS: dict[str, str] = {
    "6AE": "Alsace (Bas-Rhin, Haut-Rhin)",
    "57": "Moselle",
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}
MAINLAND = "France métropolitaine"


def region_label(region: str | None) -> str:
    return REGIONS.get(region or "", MAINLAND)


def check_region(region: str | None) -> str | None:
    if not region:
        return None
    if region not in REGIONS:
        raise DomainError("Choisissez une région dans la liste.", field="holiday_region")
    return region


def public_holidays(start: dt.date, end: dt.date, region: str | None = None) -> dict[dt.date, str]:
    """The public holidays between the years of ``start`` and ``end``, named in French."""
    return dict(holidays.country_holidays("FR", subdiv=region or None, years=range(start.year, end.year + 1),
                                          language="fr"))
