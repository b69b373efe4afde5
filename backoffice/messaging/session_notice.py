"""Tell the people expected that a session is cancelled, or that its time or place changed: preview, then queue.

The messages leave with the next ``idmix send-reminders`` run (every few minutes), like the reminders.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_admin import expose
from flask_wtf import FlaskForm

from shared import clock
from shared.errors import DomainError
from shared.messaging import texts
from shared.messaging.models import Channel
from shared.messaging.planning import notice_kind, notice_preview, queue_session_notice
from shared.messaging.senders import configured_senders
from shared.people.models import Participant
from shared.sessions.models import Session
from shared.staff.access import scope_condition

from ..core.actions import ActionView, form_level_errors, model_url, scoped_or_404
from ..extensions import db
from ..scope import current_staff


class NoticeForm(FlaskForm):
    """The CSRF token of « Prévenir »."""


def available_channels() -> set[Channel]:
    try:
        return set(configured_senders())
    except (ValueError, KeyError):  # a wrong setting: the run will say it; here, prefer SMS as usual
        return set()


class SessionNoticeView(ActionView):
    @expose("/<int:session_id>", methods=("GET", "POST"))
    def notify(self, session_id: int):
        session = scoped_or_404(Session, session_id)
        form = NoticeForm()
        available = available_channels()
        if form.validate_on_submit():
            try:
                planned = queue_session_notice(db.session, session, available)
            except DomainError as error:
                db.session.rollback()
                form.form_errors.append(error.message)
                session = scoped_or_404(Session, session_id)
            else:
                count = len(planned.messages)
                flash(f"{count} message(s) prêt(s) : ils partent dans les minutes qui viennent." if count else
                      "Rien de nouveau à envoyer : ces personnes ont déjà reçu ce message.", "success")
                return redirect(url_for(".notify", session_id=session.id))
        kind = notice_kind(session)
        preview = notice_preview(db.session, session, available,
                                 among=scope_condition(Participant, current_staff()))
        sample = next((c for _, c in preview if c is not None), None)
        channel = sample.channel if sample else Channel.SMS
        example = texts.for_session(session, kind, channel, first_name="Prénom", consent_id=None)
        return self.render("messaging/session_notice.html", session=session, kind=kind, preview=preview,
                           example=example, channel=channel, form=form, errors=form_level_errors(form),
                           reached=sum(1 for _, consent in preview if consent is not None),
                           past=session.held_on < clock.today(),
                           session_url=model_url("session.details_view", id=session.id),
                           messages_url=model_url("message.index_view", flt0_seance_equals=session.id))
