"""The word a trial past the group's allowance gets once saved (attendance sheet, attendance form)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import flash, url_for
from markupsafe import Markup

from shared.sessions.models import Attendance
from shared.sessions.rules import trial_allowance_notice

from ..extensions import db


def flash_trial_notices(saved: Iterable[Attendance]) -> None:
    """Saved all the same; the notice says a decision is due and leads to the person's page."""
    for attendance in saved:
        notice = trial_allowance_notice(db.session, attendance)
        if notice:
            flash(Markup('%s <a href="%s">Voir sa fiche</a>') % (
                notice, url_for("participant.details_view", id=attendance.participant_id)), "warning")
