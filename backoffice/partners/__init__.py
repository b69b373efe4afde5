"""The directory of partner structures (annuaire des partenaires)."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.partners.models import Partner

    from ..extensions import db
    from .views import PartnerView

    admin.add_view(PartnerView(Partner, db, name="Partenaires", url="/partner"))
