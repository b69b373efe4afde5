"""Groups, activity themes, closure periods, and a group's calendar (iCalendar) subscriptions."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.groups.closures import GroupClosure
    from shared.groups.models import Group, Theme

    from ..extensions import db
    from .calendar import CalendarFeedView, CalendarSubscriptionView
    from .closures import ClosureView
    from .views import GroupView, ThemeView

    admin.add_view(GroupView(Group, db, name="Groupes", category="Paramètres"))
    admin.add_view(ThemeView(Theme, db, name="Thèmes", category="Paramètres"))
    admin.add_view(ClosureView(GroupClosure, db, name="Fermetures des groupes", category="Paramètres"))
    admin.add_view(CalendarSubscriptionView(name="Agenda (iCalendar)", endpoint="calendar_subscription",
                                            url="/actions/calendar", category="Actions"))
    admin.add_view(CalendarFeedView(name="Flux iCalendar", endpoint="calendar_feed", url="/calendar"))
