"""Take a session's attendance on one screen: one row per expected person, one submit."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import select

from shared import clock
from shared.errors import CheckInRefused, DomainError
from shared.people.models import Participant
from shared.people.queries import may_attend
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.sessions.operations import AttendanceSheetRefused, take_attendance

from ..extensions import db
from .base import ActionView, form_level_errors, scoped_or_404, show_domain_error
from .forms import AttendanceForm

FIELD_PREFIX = "status-"


def expected_people(session: Session) -> list[Participant]:
    """The group's people who may attend, plus anyone already recorded for the session."""
    people = {p.id: p for p in db.session.scalars(may_attend(session.group_id))}
    recorded = select(Participant).join(Attendance, Attendance.participant_id == Participant.id).where(
        Attendance.session_id == session.id
    )
    for person in db.session.scalars(recorded):
        people.setdefault(person.id, person)
    return sorted(people.values(), key=lambda p: (p.last_name.casefold(), p.first_name.casefold()))


def recorded_statuses(session: Session) -> dict[int, AttendanceStatus]:
    rows = db.session.execute(
        select(Attendance.participant_id, Attendance.status).where(Attendance.session_id == session.id)
    )
    return {participant_id: status for participant_id, status in rows}


def posted_statuses() -> dict[int, AttendanceStatus]:
    """``status-<id>=present|excused|absent`` rows of the form; raises on anything else."""
    statuses: dict[int, AttendanceStatus] = {}
    for key, value in request.form.items():
        if not key.startswith(FIELD_PREFIX):
            continue
        try:
            statuses[int(key.removeprefix(FIELD_PREFIX))] = AttendanceStatus(value)
        except ValueError:
            raise DomainError("Une ligne du formulaire n'est pas valide : rechargez la page et réessayez.") from None
    return statuses


class AttendanceSheetView(ActionView):
    @expose("/<int:session_id>", methods=("GET", "POST"))
    def take(self, session_id: int):
        session = scoped_or_404(Session, session_id)
        form = AttendanceForm()
        row_errors: dict[int, str] = {}
        if form.validate_on_submit():
            try:
                count = self._record(session)
            except AttendanceSheetRefused as error:
                show_domain_error(form, error)
                row_errors = error.rows
                session = scoped_or_404(Session, session_id)
            except DomainError as error:
                show_domain_error(form, error)
                session = scoped_or_404(Session, session_id)
            else:
                flash(saved_message(count), "success")
                return redirect(url_for(".take", session_id=session.id))
        people = expected_people(session)
        return self.render(
            "actions/attendance.html", session=session, form=form, people=people,
            statuses=recorded_statuses(session) if request.method == "GET" else posted_or_recorded(session),
            choices=list(AttendanceStatus), errors=form_level_errors(form), row_errors=row_errors,
        )

    def _record(self, session: Session) -> int:
        statuses = posted_statuses()
        if not statuses:
            raise DomainError("Choisissez présent(e), excusé(e) ou absent(e) pour au moins une personne.")
        expected = {p.id: p for p in expected_people(session)}
        if set(statuses) - set(expected):
            # No name in the message: the id may belong to a person this user may not see.
            raise CheckInRefused("Une des personnes cochées n'est pas inscrite dans le groupe de cette séance : "
                                 "rechargez la page et recommencez.")
        changed = take_attendance(db.session, session=session, now=clock.now(),
                                  statuses={expected[pid]: status for pid, status in statuses.items()})
        return len(changed)


def saved_message(count: int) -> str:
    if not count:
        return "Aucun changement : les présences étaient déjà enregistrées ainsi."
    return f"Présences enregistrées ({count} personne{'s' if count > 1 else ''})."


def posted_or_recorded(session: Session) -> dict[int, AttendanceStatus]:
    """After a refused submit, show what the user chose rather than what is stored."""
    statuses = recorded_statuses(session)
    try:
        statuses.update(posted_statuses())
    except DomainError:
        pass
    return statuses
