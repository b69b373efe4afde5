"""Sessions (séances) and attendance: lists, the attendance sheet, generating a group's sessions."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.sessions.models import Attendance, Session

    from ..extensions import db
    from .attendance_sheet import AttendanceSheetView
    from .schedule import ScheduleView
    from .views import AttendanceView, SessionView

    admin.add_view(SessionView(Session, db, name="Séances", category="Séances"))
    admin.add_view(AttendanceView(Attendance, db, name="Émargements", category="Séances"))
    admin.add_view(ScheduleView(name="Générer les séances", endpoint="session_schedule", url="/actions/schedule",
                                category="Actions"))
    admin.add_view(AttendanceSheetView(name="Relevé des présences", endpoint="attendance_sheet",
                                       url="/actions/attendance"))
