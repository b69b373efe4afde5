"""The back-office under gunicorn (2 workers), on a database of its own, one server per test module.

SQLite: a new file. PostgreSQL (IDMIX_TEST_DATABASE_URL): a new database ``idmix_live_<random>`` on the
same server, dropped at the end, so the suite's shared database is never touched. Seed data with the
``live_session()`` fixture's sessions (they commit), before or after the server starts: each request
reads the database afresh.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.attestations.models import AttestationRequest, Skill
from shared.audit.models import AuditAction, AuditEntry
from shared.db import make_engine, make_sessionmaker
from shared.reviews.models import ContractReview, ReviewKind
from shared.writes import UNGUARDED
from shared.groups.closures import GroupClosure
from shared.kiosk.offline_models import PendingAttendance
from shared.messaging.models import Channel, Message, MessageKind
from tests.backoffice.world import World, build_world
from tests.databases import fresh_database
from tests.factories import Factory

from .server import LiveServer, gunicorn


def pytest_collection_modifyitems(config, items):
    live = pytest.mark.live
    for item in items:
        if "tests/live/" in item.nodeid:
            item.add_marker(live)


def pytest_configure(config):
    config.addinivalue_line("markers", "live: through the back-office under gunicorn (runs by default)")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"live_report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def live_database_url(tmp_path_factory) -> Iterator[str]:
    with fresh_database(tmp_path_factory.mktemp("live"), "live") as url:
        yield url


@pytest.fixture(scope="module")
def live_engine(live_database_url):
    engine = make_engine(live_database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def live_session(live_engine) -> Callable[[], contextlib.AbstractContextManager[DbSession]]:
    """``with live_session() as db:`` a plain session on the live database, committed at the end."""
    maker = make_sessionmaker(live_engine, info={UNGUARDED: True})  # the test's set-up writes directly

    @contextlib.contextmanager
    def _session() -> Iterator[DbSession]:
        with maker() as session, session.begin():
            yield session

    return _session


@pytest.fixture(scope="module")
def live_world(live_session) -> World:
    """Two small worlds (tests/backoffice/world.py) and a few reviews and audit entries: several rows
    in every table a list shows. Returns the first world (detached, its loaded attributes readable)."""
    with live_session() as db:
        make = Factory(db)
        first, second = build_world(make, db), build_world(make, db)
        for world in (first, second):
            db.add_all([ContractReview(contract=world.contract, kind=kind, held_on=clock.today())
                        for kind in ReviewKind])
            db.add_all([AuditEntry(actor_id=world.admin.id, action=AuditAction.UPDATE, table_name="participant",
                                   record_id=str(world.participant.id), changes={"town": ["Avant", "Après"]})
                        for _ in range(2)])
            db.add(PendingAttendance(session=world.session, participant=world.participant, device=world.device,
                                     reason="Code faux donné sans réseau", signed_at=clock.now()))
            db.add(GroupClosure(group=world.group, starts_on=clock.today(), ends_on=clock.today(), label="Pont"))
            db.add(Message(kind=MessageKind.EVE_REMINDER, channel=Channel.SMS, participant_id=world.participant.id,
                           session_id=world.session.id, dedup_key=f"live-{world.participant.id}",
                           address="+33612345678", body="Rappel : atelier demain à 14h."))
            make.partner(groups=[world.group])
            db.add(Skill(name=f"Tenir un stand au marché {world.group.id}"))
            db.add(AttestationRequest(participant=world.participant, requested_on=clock.today()))
    return first


@pytest.fixture(scope="module")
def live_server(live_database_url, tmp_path_factory) -> Iterator[LiveServer]:
    factory = f"tests.live.app:create_app({live_database_url!r}, {secrets.token_hex(16)!r})"
    with gunicorn(factory, tmp_path_factory.mktemp("live-log") / "gunicorn.log", "--log-level", "info") as server:
        yield server


@pytest.fixture(autouse=True)
def _print_server_log_on_failure(request):
    """A failed live test shows what the server said (its access and error log) during that test."""
    if "live_server" not in request.fixturenames:
        yield
        return
    server: LiveServer = request.getfixturevalue("live_server")
    start = len(server.log())
    yield
    call = getattr(request.node, "live_report_call", None)
    if call is not None and call.failed:
        print(f"--- gunicorn log during {request.node.name} ---\n{server.log()[start:]}")
