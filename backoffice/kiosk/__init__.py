"""What the tablets need from staff: enrolled tablets, walk-ins, sign-ins to confirm, PINs and symbols."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.kiosk.models import Device, WalkIn
    from shared.kiosk.offline_models import PendingAttendance

    from ..extensions import db
    from .enrolment import EnrolmentCodeView
    from .pending import PendingAttendanceView
    from .pins import PinView
    from .records import DeviceView, WalkInView
    from .symbols import KioskSymbolView

    admin.add_view(WalkInView(WalkIn, db, name="Visiteurs à rattacher", category="Séances"))
    admin.add_view(PendingAttendanceView(PendingAttendance, db, name="Présences à confirmer", category="Séances"))
    admin.add_view(DeviceView(Device, db, name="Tablettes", category="Paramètres"))
    admin.add_view(EnrolmentCodeView(name="Activer une tablette", endpoint="kiosk_enrolment",
                                     url="/actions/kiosk/enrol", category="Paramètres"))
    admin.add_view(PinView(name="Code tablette", endpoint="kiosk_pin", url="/actions/kiosk/pin"))
    admin.add_view(KioskSymbolView(name="Symbole tablette", endpoint="kiosk_symbol", url="/actions/kiosk/symbol"))
