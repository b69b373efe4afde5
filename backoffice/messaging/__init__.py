"""Reminders and notices: messages sent, consent per channel, a session's notice, the public unsubscribe pages."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.messaging.models import Message

    from ..extensions import db
    from . import public
    from .consent import ConsentView
    from .session_notice import SessionNoticeView
    from .views import MessageView

    app.register_blueprint(public.bp)  # unsubscribe link, SMS « STOP »: public, by token
    admin.add_view(MessageView(Message, db, name="Messages envoyés", category="Séances"))
    admin.add_view(ConsentView(name="Rappels SMS / e-mail", endpoint="message_consent", url="/actions/consent"))
    admin.add_view(SessionNoticeView(name="Prévenir les participants", endpoint="session_notice",
                                     url="/actions/session-notice"))
