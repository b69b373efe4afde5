"""Generate a group's sessions for a period from its rule; show what was created and what was skipped."""

from __future__ import annotations

import datetime as dt

from flask import request
from flask_admin import expose
from sqlalchemy import select

from shared import clock
from shared.alphabetical import alphabetical
from shared.errors import DomainError
from shared.groups.models import Group
from shared.sessions.schedule import generate_sessions

from ..core.actions import ActionView, form_level_errors, scoped, scoped_or_404, show_domain_error
from ..core.fields import choices
from ..extensions import db
from .forms import ScheduleForm


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """From today to the end of the second month after this one: a term of sessions."""
    year, month = (today.year + (today.month + 2) // 12, (today.month + 2) % 12 + 1)
    first_of_next = dt.date(year, month, 1)
    return today, first_of_next - dt.timedelta(days=1)


class ScheduleView(ActionView):
    in_menu = True

    @expose("/", methods=("GET", "POST"))
    def index(self):
        active = scoped(select(Group).where(Group.active.is_(True)), Group)
        groups = list(db.session.scalars(active.order_by(*alphabetical(Group.name))))
        form = ScheduleForm()
        form.group.choices = choices((g.id, f"{g.name} – {g.rhythm_label}") for g in groups)
        if request.method == "GET":
            form.start.data, form.end.data = default_period(clock.today())
            if request.args.get("group", type=int) in {g.id for g in groups}:
                form.group.data = request.args.get("group", type=int)
        result = group = None
        if form.validate_on_submit():
            group = scoped_or_404(Group, form.group.data)
            try:
                result = generate_sessions(db.session, group, form.start.data, form.end.data)
            except DomainError as error:
                show_domain_error(form, error)
        return self.render("sessions/schedule.html", form=form, result=result, group=group,
                           errors=form_level_errors(form), no_group=not groups)
