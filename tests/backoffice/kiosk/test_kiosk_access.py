"""Staff pages for the tablets: a one-time enrolment code shown once, and a participant's kiosk PIN."""

import datetime as dt
import html
import logging
import re
import uuid

import pytest
from sqlalchemy import func, select

from backoffice.extensions import db as bo_db
from shared import clock
from shared.audit.models import AuditEntry
from shared.kiosk import tokens
from shared.kiosk.errors import PinNotSet
from shared.kiosk.models import Device, EnrolmentCode
from shared.kiosk.operations import enrol_device
from shared.kiosk.pins import set_pin, verify_pin
from shared.staff.models import Role
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401
from tests.backoffice.test_csrf import _signed_in_client
from tests.factories import Factory
from tests.isolation import isolated_session

ENROL = "/actions/kiosk/enrol/"
CODE_SHOWN = re.compile(r'class="idmix-code[^"]*"[^>]*>([A-Z0-9-]+)<')


def text(page) -> str:
    return " ".join(html.unescape(page.get_data(as_text=True)).split())


def shown_code(page) -> str | None:
    found = CODE_SHOWN.search(page.get_data(as_text=True))
    return found.group(1) if found else None


def codes(db):
    db.expire_all()
    return db.scalars(select(EnrolmentCode)).all()


def audit_text(db) -> str:
    return " ".join(repr(entry.changes) for entry in db.scalars(select(AuditEntry)))


def field_errors(body: str, field: str) -> list[str]:
    """The French messages printed right after the input named ``field``."""
    after = body.split(f'name="{field}"', 1)[1].split('class="form-group', 1)[0]
    return re.findall(r'class="invalid-feedback d-block">([^<]+)<', after)


# --- enrolment codes ---------------------------------------------------------------------------

def test_the_enrolment_page_offers_the_facilitators_groups_only(world, other_world, login_as):
    body = text(login_as(world.facilitator).get(ENROL))
    assert "Activer une nouvelle tablette" in body
    assert world.group.name in body and other_world.group.name not in body
    assert 'class="idmix-code' not in body


def test_a_code_is_shown_once_with_its_expiry_and_the_steps_and_it_enrols_a_tablet(world, login_as, db, caplog):
    client = login_as(world.facilitator)
    with caplog.at_level(logging.DEBUG):
        response = client.post(ENROL, data={"group": str(world.group.id)})
    body = text(response)
    code = shown_code(response)
    assert response.status_code == 200 and code
    assert response.headers["Cache-Control"] == "no-store"
    assert f"Code d'activation pour « {world.group.name} »" in body
    assert "mercredi 11 mars 2026 à 12h00" in body  # 24 hours from now, in the centre's time
    assert "/kiosk/" in body and "Tapez ce code" in body and "plus jamais affiché" in body
    [record] = codes(db)
    assert record.group_id == world.group.id and record.created_by_id == world.facilitator.id
    assert record.code_hash == tokens.digest(code) and code not in audit_text(db)
    assert code not in caplog.text

    reload = client.get(ENROL)
    assert code not in text(reload) and shown_code(reload) is None
    assert "Codes en attente" in text(reload) and world.group.name in text(reload)

    enrolment = enrol_device(db, code=code.lower(), now=clock.now())
    assert enrolment.device.group_id == world.group.id


def test_the_group_is_preselected_from_the_link(world, login_as):
    body = login_as(world.facilitator).get(f"{ENROL}?group={world.group.id}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{world.group.id}"|<option value="{world.group.id}" selected', body)


def test_a_facilitator_cannot_create_a_code_for_another_group(world, other_world, login_as, db):
    response = login_as(world.facilitator).post(ENROL, data={"group": str(other_world.group.id)})
    assert response.status_code == 404
    assert codes(db) == []


def test_a_referrer_may_not_open_nor_use_the_enrolment_page(world, login_as, db):
    client = login_as(world.referrer)
    assert client.get(ENROL).status_code == 403
    assert client.post(ENROL, data={"group": str(world.group.id)}).status_code == 403
    assert codes(db) == []


@pytest.mark.parametrize("group", ["", "abc"])
def test_no_group_or_a_garbled_one_gets_a_french_message_and_no_code(world, login_as, db, group):
    response = login_as(world.admin).post(ENROL, data={"group": group})
    body = text(response)
    assert response.status_code == 200 and shown_code(response) is None
    assert field_errors(body, "group")
    assert any(("Choisissez" in e or "Choix" in e) for e in field_errors(body, "group")), field_errors(body, "group")
    assert codes(db) == []


def test_an_inactive_group_is_refused_in_french(world, login_as, db):
    world.group.active = False
    db.flush()
    response = login_as(world.admin).post(ENROL, data={"group": str(world.group.id)})
    assert response.status_code == 200 and shown_code(response) is None
    assert "plus actif" in text(response)
    assert codes(db) == []


def test_the_tablets_list_and_the_menu_lead_to_the_enrolment_page(world, login_as, db):
    db.add(Device(group=world.group, name="Tablette du CMS", token_hash=uuid.uuid4().hex))
    client = login_as(world.facilitator)
    tablets = text(client.get("/device/"))
    assert "Activer une nouvelle tablette" in tablets and f'href="/actions/kiosk/enrol/"' in tablets
    assert "Activer une tablette" in text(client.get("/"))


def test_without_a_csrf_token_or_with_a_forged_one_no_code_is_made(csrf_app, today):
    with isolated_session(csrf_app, bo_db) as session:
        make = Factory(session)
        group = make.group()
        facilitator = make.facilitator(group)
        participant = make.participant(group)
        session.commit()
        client = _signed_in_client(csrf_app, facilitator)
        for token in (None, "forged-token"):
            data = {"group": str(group.id), "pin": "4831", "confirmation": "4831"}
            if token:
                data["csrf_token"] = token
            for url in (ENROL, f"/actions/kiosk/pin/{participant.id}", f"/actions/kiosk/pin/{participant.id}/clear"):
                response = client.post(url, data=data)
                assert response.status_code == 400, url
                assert "Le formulaire a expiré" in text(response)
        session.expire_all()
        assert session.scalar(select(func.count()).select_from(EnrolmentCode)) == 0
        assert session.get(type(participant), participant.id).pin_hash is None


# --- PINs --------------------------------------------------------------------------------------

def pin_url(participant, action=""):
    return f"/actions/kiosk/pin/{participant.id}" + (f"/{action}" if action else "")


@pytest.fixture
def device(world, db):
    tablet = Device(group=world.group, name="Tablette du CMS", token_hash=uuid.uuid4().hex)
    db.add(tablet)
    db.flush()
    return tablet


def test_the_pin_page_says_the_person_has_no_pin_yet(world, login_as):
    body = text(login_as(world.facilitator).get(pin_url(world.participant)))
    assert "Code tablette de Fatima Benali" in body and "Fatima B." in body
    assert "Aucun code" in body and "Bloqué" not in body


def test_a_pin_typed_twice_is_saved_and_works_on_the_tablet(world, login_as, db, device, caplog):
    client = login_as(world.facilitator)
    with caplog.at_level(logging.DEBUG):
        response = client.post(pin_url(world.participant), data={"pin": "4831", "confirmation": "4831"})
    assert response.status_code == 302 and response.headers["Location"].endswith(pin_url(world.participant))
    db.expire_all()
    verify_pin(db, device=device, participant=world.participant, pin="4831", now=clock.now())
    page = text(client.get(pin_url(world.participant)))
    assert "Code enregistré pour Fatima B." in page and "Défini" in page
    assert "4831" not in page and "4831" not in caplog.text
    trail = audit_text(db)
    assert "modifié" in trail and "4831" not in trail and world.participant.pin_hash not in trail


@pytest.mark.parametrize("pin, confirmation, field, message", [
    ("4831", "4832", "confirmation", "Les deux codes ne sont pas identiques"),
    ("483", "483", "pin", "exactement 4 chiffres"),
    ("48a1", "48a1", "pin", "exactement 4 chiffres"),
    ("48311", "48311", "pin", "exactement 4 chiffres"),
    (" 4831", " 4831", "pin", "exactement 4 chiffres"),
    ("", "", "pin", "Tapez le code à 4 chiffres"),
    ("4831", "", "confirmation", "Tapez le code une seconde fois"),
])
def test_a_bad_pin_gets_a_french_message_next_to_its_field_and_nothing_changes(
        world, login_as, db, device, pin, confirmation, field, message):
    set_pin(db, world.participant, "2580", actor=None, now=clock.now())
    before = world.participant.pin_hash
    response = login_as(world.facilitator).post(pin_url(world.participant),
                                                data={"pin": pin, "confirmation": confirmation})
    body = text(response)
    assert response.status_code == 200
    assert any(message in error for error in field_errors(body, field)), field_errors(body, field)
    assert f'value="{pin}"' not in body if pin else True
    db.expire_all()
    assert world.participant.pin_hash == before
    verify_pin(db, device=device, participant=world.participant, pin="2580", now=clock.now())


def test_a_locked_pin_is_shown_and_staff_unlock_it(world, login_as, db, device):
    set_pin(db, world.participant, "2580", actor=None, now=clock.now())
    world.participant.pin_locked_until = clock.now() + dt.timedelta(minutes=12)
    world.participant.pin_failures = 0
    client = login_as(world.facilitator)
    page = text(client.get(pin_url(world.participant)))
    assert "Bloqué après 5 codes faux, jusqu'à 12h12 (encore 12 minutes)" in page
    assert "Débloquer maintenant" in page

    response = client.post(pin_url(world.participant, "unlock"))
    assert response.status_code == 302
    db.expire_all()
    assert world.participant.pin_locked_until is None
    verify_pin(db, device=device, participant=world.participant, pin="2580", now=clock.now())
    page = text(client.get(pin_url(world.participant)))
    assert "est débloqué" in page and "Débloquer maintenant" not in page


def test_unlocking_a_pin_that_is_not_locked_changes_nothing(world, login_as, db):
    set_pin(db, world.participant, "2580", actor=None, now=clock.now())
    entries = db.scalar(select(func.count()).select_from(AuditEntry))
    client = login_as(world.facilitator)
    client.post(pin_url(world.participant, "unlock"))
    assert "n'est pas bloqué" in text(client.get(pin_url(world.participant)))
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_staff_remove_a_pin(world, login_as, db, device):
    set_pin(db, world.participant, "2580", actor=None, now=clock.now())
    client = login_as(world.admin)
    assert client.post(pin_url(world.participant, "clear")).status_code == 302
    db.expire_all()
    assert world.participant.pin_hash is None
    with pytest.raises(PinNotSet):
        verify_pin(db, device=device, participant=world.participant, pin="2580", now=clock.now())
    page = text(client.get(pin_url(world.participant)))
    assert "est supprimé" in page and "Aucun code" in page and "Supprimer le code" not in page


def test_the_pin_pages_of_a_person_of_another_group_answer_404(world, other_world, login_as, db):
    set_pin(db, other_world.participant, "2580", actor=None, now=clock.now())
    before = other_world.participant.pin_hash
    client = login_as(world.facilitator)
    assert client.get(pin_url(other_world.participant)).status_code == 404
    assert client.post(pin_url(other_world.participant), data={"pin": "1111", "confirmation": "1111"}).status_code == 404
    assert client.post(pin_url(other_world.participant, "unlock")).status_code == 404
    assert client.post(pin_url(other_world.participant, "clear")).status_code == 404
    assert client.get("/actions/kiosk/pin/999999").status_code == 404
    db.expire_all()
    assert other_world.participant.pin_hash == before


def test_a_referrer_may_not_manage_pins_even_of_the_people_they_referred(world, login_as, db):
    client = login_as(world.referrer)
    assert client.get(pin_url(world.participant)).status_code == 403
    assert client.post(pin_url(world.participant), data={"pin": "1111", "confirmation": "1111"}).status_code == 403
    details = text(client.get(f"/participant/details/?id={world.participant.id}"))
    assert "Code tablette" not in details
    db.expire_all()
    assert world.participant.pin_hash is None


def test_the_persons_details_and_list_row_link_to_the_pin_page(world, login_as):
    client = login_as(world.facilitator)
    details = text(client.get(f"/participant/details/?id={world.participant.id}"))
    assert f'href="{pin_url(world.participant)}"' in details and "Code tablette (aucun)" in details
    assert f'href="{pin_url(world.participant)}"' in text(client.get("/participant/"))
