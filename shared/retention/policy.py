"""The retention period: active data are kept 24 months after the last contact (CNIL guidance for
social support records), then anonymised. ``IDMIX_RETENTION_MONTHS`` changes the period."""

from __future__ import annotations

import datetime as dt
import os

from shared.dates import add_months
from shared.errors import DomainError

DEFAULT_RETENTION_MONTHS = 24
RETENTION_ENV = "IDMIX_RETENTION_MONTHS"
MIN_RETENTION_MONTHS, MAX_RETENTION_MONTHS = 1, 240


class RetentionError(DomainError):
    """The retention setting cannot be used as given."""


def retention_months(value: str | int | None = None) -> int:
    """The period in months: ``value`` if given, else ``IDMIX_RETENTION_MONTHS``, else 24."""
    raw = value if value is not None else os.environ.get(RETENTION_ENV) or DEFAULT_RETENTION_MONTHS
    try:
        months = int(str(raw).strip())
    except ValueError:
        raise RetentionError(f"Durée de conservation invalide ({RETENTION_ENV}) : indiquez un nombre de mois.") from None
    if not MIN_RETENTION_MONTHS <= months <= MAX_RETENTION_MONTHS:
        raise RetentionError(
            f"Durée de conservation invalide ({RETENTION_ENV}) : entre {MIN_RETENTION_MONTHS} "
            f"et {MAX_RETENTION_MONTHS} mois."
        )
    return months


def retention_cutoff(today: dt.date, months: int) -> dt.date:
    """People whose last contact is before this day are due for anonymisation."""
    return add_months(today, -months)
