"""The dashboard's « Séance du jour »: on a session day, each of today's sessions the staff member may see with
its attendance, its sign-in sheet, its « présences à confirmer » and its opinions of the day."""

from __future__ import annotations

import datetime as dt

from flask import url_for
from sqlalchemy import func
from sqlalchemy.orm import joinedload

from shared.feedback.models import Feedback
from shared.feedback.queries import readable_feedback_of
from shared.kiosk.offline import pending_attendances
from shared.kiosk.offline_models import PendingAttendance
from shared.sessions.models import Session
from shared.sessions.queries import present_count, sessions_of_day

from ..extensions import db
from ..scope import scoped


def _count_per_session(query, model):
    """The rows of ``query`` the staff member may see, counted for each session of the outer query (a correlated
    subquery: the block is one query whatever the number of sessions that day)."""
    return (scoped(query, model).with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
            .correlate(Session).scalar_subquery())


def sessions_of_today(today: dt.date) -> list[dict]:
    """What the block shows of each session of the day; empty on other days."""
    to_confirm = _count_per_session(pending_attendances().where(PendingAttendance.session_id == Session.id),
                                    PendingAttendance)
    opinions = _count_per_session(readable_feedback_of(Session.id, today), Feedback)
    rows = db.session.execute(scoped(sessions_of_day(today), Session)
                              .add_columns(present_count(), to_confirm, opinions)
                              .options(joinedload(Session.group), joinedload(Session.theme))).all()
    return [dict(
        session=session,
        present=present,
        to_confirm=to_confirm,
        opinions=opinions,
        attendance_url=url_for("attendance_sheet.take", session_id=session.id),
        sheet_url=url_for("printing.sign_in_sheet", session_id=session.id),
        to_confirm_url=url_for("pendingattendance.index_view"),
        opinions_url=url_for("feedback.index_view"),
    ) for session, present, to_confirm, opinions in rows]
