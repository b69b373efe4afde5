"""The audit recorder on a plain SQLAlchemy session: same transaction, secrets never copied."""

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from shared.audit import recorder
from shared.audit.models import AuditAction, AuditEntry
from tests.factories import Factory


def test_changes_are_recorded_in_the_same_transaction_with_the_actor(engine):
    with engine.connect() as connection:
        outer = connection.begin()
        maker = sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
        recorder.install(maker)
        recorder.install(maker)  # idempotent
        session: DbSession = maker()
        make = Factory(session)
        actor = make.facilitator()
        session.info["actor_id"] = actor.id
        person = make.participant()
        person.town = "Lyon"
        person.pin_hash = "secret-pin-hash"
        session.flush()
        entries = session.scalars(select(AuditEntry).where(AuditEntry.table_name == "participant",
                                                           AuditEntry.record_id == str(person.id))
                                  .order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
        assert entries[1].changes["town"] == ["Villeneuve", "Lyon"]
        assert entries[1].changes["pin_hash"] == [None, "modifié"]
        assert all(e.actor_id == actor.id for e in entries)
        session.rollback()
        assert session.scalars(select(AuditEntry).where(AuditEntry.record_id == str(person.id))).all() == []
        session.close()
        outer.rollback()
