"""Cells that leave the application for a spreadsheet (CSV, XLSX): no formula may ride along."""

from __future__ import annotations

# A spreadsheet runs a cell starting with one of these as a formula (CSV/XLSX injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a text cell that a spreadsheet would take for a formula with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
