"""The back-office with its database gone: a French 503 page, never a traceback, nothing half-saved;
a form that could not be saved comes back with what was typed."""

from __future__ import annotations

import pytest
from flask_login.utils import _create_identifier
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from backoffice import create_app
from shared import clock
from shared.contracts.models import Contract
from shared.people.models import Participant
from tests.backoffice.conftest import app, db, login_as  # noqa: F401
from tests.backoffice.world import build_world
from tests.pages import text

UNREACHABLE = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:9/idmix?connect_timeout=3",  # nothing listens there
    "sqlite": "sqlite:////nonexistent-folder/idmix.sqlite3",  # cannot be opened
}
DOWN = "Service momentanément indisponible"


def down_app(url):
    return create_app({"SECRET_KEY": "test-secret", "SQLALCHEMY_ENGINES": {"default": url},
                       "WTF_CSRF_ENABLED": False})


def signed_in_cookie(app, client, staff_id: int = 1) -> None:
    """The session cookie of someone who signed in before the database went away."""
    with app.test_request_context(environ_base=client.environ_base):  # same address and browser
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.update({"_user_id": f"{staff_id}:1", "_fresh": True, "_id": identifier,  # account:session version
                        "idmix_signed_in_at": clock.now().timestamp(), "idmix_seen_at": clock.now().timestamp()})


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
def test_signing_in_with_the_database_gone_is_a_french_503(backend):
    client = down_app(UNREACHABLE[backend]).test_client()
    response = client.post("/login", data={"email": "claire@cd.example.fr", "password": "x" * 12})
    assert response.status_code == 503
    assert DOWN in text(response) and "réessayez dans quelques minutes" in text(response)
    assert "Traceback" not in text(response) and 'lang="fr"' in text(response)


@pytest.mark.parametrize("backend", sorted(UNREACHABLE))
@pytest.mark.parametrize("url", ["/", "/participant/", "/contract/new/", "/actions/early-end/1"])
def test_every_page_for_a_signed_in_person_is_a_french_503(backend, url):
    app = down_app(UNREACHABLE[backend])
    client = app.test_client()
    signed_in_cookie(app, client)
    response = client.get(url)
    assert response.status_code == 503 and DOWN in text(response)


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


@pytest.fixture
def commit_fails(monkeypatch):
    def fail(self):
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    def start():
        monkeypatch.setattr(Session, "commit", fail)

    yield start
    monkeypatch.undo()


def test_a_form_whose_save_fails_comes_back_with_the_text_typed(world, login_as, db, commit_fails):
    client = login_as(world.facilitator)
    page = client.get("/participant/new/")
    assert page.status_code == 200
    before = _count(db, Participant)
    commit_fails()
    response = client.post("/participant/new/", data={
        "first_name": "Awa", "last_name": "Diallo-Texte-Gardé", "group": str(world.group.id), "gender": "female",
        "benefit": "rsa", "referrer": str(world.referrer.id), "referred_on": "2026-03-02"})
    assert response.status_code == 503
    assert "La base de données ne répond pas : rien n'a été enregistré" in text(response)
    assert 'value="Diallo-Texte-Gardé"' in text(response)
    db.expire_all()
    assert _count(db, Participant) == before


def test_an_edit_whose_save_fails_changes_nothing(world, login_as, db, commit_fails):
    client = login_as(world.facilitator)
    from bench.html_forms import main_form

    url = f"/contract/edit/?id={world.contract.id}"
    form = main_form(client.get(url).get_data(as_text=True)).defaults()
    commit_fails()
    response = client.post(url, data=form | {"expectations": "Texte qui ne sera pas perdu"})
    assert response.status_code == 503 and "Texte qui ne sera pas perdu" in text(response)
    db.expire_all()
    assert db.get(Contract, world.contract.id).expectations != "Texte qui ne sera pas perdu"


def test_an_action_whose_commit_fails_is_a_503_and_saves_nothing(world, login_as, db, commit_fails, today):
    client = login_as(world.facilitator)
    commit_fails()
    response = client.post(f"/actions/early-end/{world.contract.id}",
                           data={"ended_early_on": today.isoformat(), "early_end_reason": "Déménagement"})
    assert response.status_code == 503 and DOWN in text(response)
    db.expire_all()
    assert db.get(Contract, world.contract.id).ended_early_on is None
