"""A tablet used while a big import runs on SQLite: the import's transaction holds the database's write lock
until it ends (docs/import.md), so a sign-in that cannot wait that long gets the calm French « réessayez »
screen, never a 500, and goes through once the import is over. On PostgreSQL, nothing waits."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import create_app
from shared import db as shared_db
from shared.groups.models import Group
from shared.imports.run import prepare, run_import
from shared.kiosk.operations import create_enrolment_code, enrol_device
from shared.kiosk.pins import set_pin
from shared.migrate import upgrade_to_head
from shared.writes import UNGUARDED
from tests.factories import Factory
from tests.imports.conftest import fixture

from .conftest import DEVICE_COOKIE, PIN, kiosk_config, post, text_of


@pytest.fixture
def own_database(tmp_path, database_url, monkeypatch):
    """A database of the test's own, which a second process (the import) can lock; a short lock wait."""
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one write lock; on PostgreSQL an import locks only the rows it writes")
    url = f"sqlite:///{Path(tmp_path) / 'pendant-import.sqlite3'}"
    upgrade_to_head(url)
    monkeypatch.setattr(shared_db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    engine = shared_db.make_engine(url)
    yield url, shared_db.make_sessionmaker(engine)
    engine.dispose()


def test_a_sign_in_during_an_import_on_sqlite_says_try_again_then_goes_through(own_database, during_session):
    url, maker = own_database
    with maker() as setup:
        setup.info[UNGUARDED] = True
        make = Factory(setup)
        group = make.group()
        make.session(group=group)
        person = make.participant(group=group, first_name="Fatima", last_name="Benali")
        make.referrer(first_name="Marie", last_name="Dupont")
        set_pin(setup, person, PIN, actor=None, now=during_session)
        code = create_enrolment_code(setup, group=group, actor=None, now=during_session).code
        token = enrol_device(setup, code=code, now=during_session, name="Tablette test").token
        setup.commit()
        group_id, person_id = group.id, person.id
    tablet = create_app(kiosk_config(url)).test_client()
    tablet.set_cookie(DEVICE_COOKIE, token)

    importing = maker()
    report = run_import(importing, prepare(importing, fixture("personnes.csv"), "personnes.csv"),
                        group=importing.get(Group, group_id), actor=None)
    assert report.ok  # its rows written, not yet committed: the write lock is held
    waiting = post(tablet, "/signer/code", {"participant": person_id, "pin": PIN})
    assert waiting.status_code == 503 and "Réessayez dans un instant" in text_of(waiting), text_of(waiting)

    importing.rollback()
    importing.close()
    signed = post(tablet, "/signer/code", {"participant": person_id, "pin": PIN})
    assert signed.status_code == 200 and "Bienvenue, Fatima" in text_of(signed)
