"""Take a session's attendance on one screen: one row per expected person, one submit. Each row says
where it stands: signed on the tablet, to confirm (a sign-in made offline), a trial session."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import select

from shared import clock
from shared.alphabetical import sort_key
from shared.dates import fr_time
from shared.errors import CheckInRefused, DomainError
from shared.kiosk.offline import pending_attendances
from shared.kiosk.offline_models import PendingAttendance
from shared.people.models import Participant
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.sessions.operations import AttendanceSheetRefused, take_attendance
from shared.sessions.queries import in_group_among, listed_on_sheet, referred_after, under_contract_on

from ..core.actions import ActionView, form_level_errors, scoped_or_404, show_domain_error
from ..extensions import db
from ..scope import scoped
from .forms import AttendanceForm
from .trial_notices import flash_trial_notices

FIELD_PREFIX = "status-"


def expected_people(session: Session) -> list[Participant]:
    """The group's people who may attend and were referred by the session's day, plus anyone already recorded;
    only those the viewer may see: on a joint session, each group's team takes its own people's attendance."""
    people = {p.id: p for p in db.session.scalars(scoped(listed_on_sheet(session), Participant))}
    recorded = scoped(select(Participant).join(Attendance, Attendance.participant_id == Participant.id).where(
        Attendance.session_id == session.id
    ), Participant)
    for person in db.session.scalars(recorded):
        people.setdefault(person.id, person)
    return sorted(people.values(), key=lambda p: (sort_key(p.last_name), sort_key(p.first_name)))


@dataclass(frozen=True)
class RowMarks:
    """Where a row stands: signed on the tablet (at what time), to confirm, a trial (and the trials used), or
    recorded for someone not in the group that day (before the rule: shown, not taken again)."""

    tablet_at: str | None = None
    pending: bool = False
    trial: bool = False
    trials_used: int = 0
    out_of_group: bool = False


def row_marks(session: Session, people: list[Participant]) -> dict[int, RowMarks]:
    """The marks of every row, in five queries whatever the number of rows."""
    ids = [p.id for p in people]
    if not ids:
        return {}
    stored = {a.participant_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.session_id == session.id))}
    pending = set(db.session.scalars(pending_attendances().where(PendingAttendance.session_id == session.id)
                                     .with_only_columns(PendingAttendance.participant_id)))
    under_contract = set(db.session.scalars(under_contract_on(ids, session.held_on)))
    trials = dict(db.session.execute(select(Participant.id, Participant.trial_sessions).where(Participant.id.in_(ids))).all())
    in_group = set(db.session.scalars(in_group_among(ids, session)))
    marks = {}
    for pid in ids:
        row = stored.get(pid)
        tablet = row is not None and row.source is AttendanceSource.KIOSK and row.status is AttendanceStatus.PRESENT
        marks[pid] = RowMarks(
            tablet_at=fr_time(row.recorded_at) if tablet else None,
            pending=pid in pending,
            trial=row.is_trial if row is not None else pid not in under_contract,
            trials_used=trials.get(pid) or 0,
            out_of_group=pid not in in_group,
        )
    return marks


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
                saved = self._record(session)
            except AttendanceSheetRefused as error:
                show_domain_error(form, error)
                row_errors = error.rows
                session = scoped_or_404(Session, session_id)
            except DomainError as error:
                show_domain_error(form, error)
                session = scoped_or_404(Session, session_id)
            else:
                flash(saved_message(len(saved)), "success")
                flash_trial_notices(saved)
                return redirect(url_for(".take", session_id=session.id))
        people = expected_people(session)
        return self.render(
            "sessions/attendance.html", session=session, form=form, people=people,
            statuses=recorded_statuses(session) if request.method == "GET" else posted_or_recorded(session),
            choices=list(AttendanceStatus), errors=form_level_errors(form), row_errors=row_errors,
            marks=row_marks(session, people), allowance=session.group.trial_allowance,
            left_off=db.session.scalar(scoped(referred_after(session), Participant)),
        )

    def _record(self, session: Session) -> list[Attendance]:
        statuses = posted_statuses()
        if not statuses:
            raise DomainError("Choisissez présent(e), excusé(e) ou absent(e) pour au moins une personne.")
        expected = {p.id: p for p in expected_people(session)}
        if set(statuses) - set(expected):
            # No name in the message: the id may belong to a person this user may not see.
            raise CheckInRefused("Une des personnes cochées n'est pas inscrite dans le groupe de cette séance : "
                                 "rechargez la page et recommencez.")
        return take_attendance(db.session, session=session, now=clock.now(),
                               statuses={expected[pid]: status for pid, status in statuses.items()})


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
