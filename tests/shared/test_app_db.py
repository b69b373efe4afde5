"""Each app's end of request (``shared.db.init_app_db``): its database session closed, and no thread
started to close async sessions neither app has."""

import threading

import pytest
from sqlalchemy import text

import backoffice
import kiosk

APPS = {"back-office": (backoffice.create_app, "/login"), "tablet": (kiosk.create_app, "/")}


@pytest.fixture(params=sorted(APPS))
def served(request, database_url):
    create_app, path = APPS[request.param]
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "SQLALCHEMY_ENGINES": {"default": database_url}})
    app.test_client().get(path)  # warm-up
    return app, path


def test_a_request_starts_no_thread(served, monkeypatch):
    app, path = served
    started = []
    original = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda thread: (started.append(thread), original(thread)))
    response = app.test_client().get(path)
    assert response.status_code < 500  # the tablet refuses a browser it does not know: 403
    assert not started


def test_the_end_of_a_request_closes_its_database_session(served):
    app, _ = served
    extension = app.extensions["sqlalchemy"]
    with app.app_context():  # what every request pushes and pops
        assert extension.session.execute(text("SELECT 1")).scalar() == 1
        engine = extension.engine
        assert engine.pool.checkedout() == 1
    assert engine.pool.checkedout() == 0
