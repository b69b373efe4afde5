"""Doors of the back-office where nobody is signed in still name who acted in the journal."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from backoffice.extensions import db as bo_db
from shared.audit.models import AuditAction, AuditEntry
from shared.messaging.models import Channel
from shared.messaging.operations import record_consent
from shared.messaging.tokens import unsubscribe_token
from tests.factories import Factory
from tests.isolation import isolated_session


def test_the_unsubscribe_link_is_journaled_as_the_link_not_as_the_system(csrf_app, today):
    with isolated_session(csrf_app, bo_db) as db:
        person = Factory(db).participant(first_name="Fatima")
        row = record_consent(db, person, channel=Channel.EMAIL, address="fatima@example.fr",
                             given_on=dt.date(2026, 3, 1))
        db.commit()
        link = f"/messages/unsubscribe/{unsubscribe_token(row.id)}"
        assert csrf_app.test_client().post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
        db.expire_all()
        (entry,) = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "message_consent",
                                                       AuditEntry.action == AuditAction.UPDATE))
        assert entry.record_id == str(row.id) and entry.changes["withdrawn_how"][1] == "link"
        assert (entry.actor_id, entry.actor_name) == (None, "Lien de désinscription (e-mail)")
