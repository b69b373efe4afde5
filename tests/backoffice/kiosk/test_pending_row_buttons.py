"""« Présences à confirmer »: each row still to decide has its own « Confirmer » and « Refuser », one click each
(no box to tick, no menu, no dialog); the reason is written for staff."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from shared import clock
from shared.kiosk.offline_models import ConfirmationStatus, PendingAttendance
from shared.sessions.models import Attendance
from tests.backoffice.world import build_world
from tests.pages import text

OLD_REASON = "Code donné hors ligne non accepté\u00a0: Ce code n'est pas le bon. Vous pouvez encore essayer 4 fois."


@pytest.fixture
def world(make, db, today):
    world = build_world(make, db)
    session = make.session(world.group, held_on=today)
    karim = make.participant(world.group, first_name="Karim", last_name="Diallo")
    awa = make.participant(world.group, first_name="Awa", last_name="Sow")
    rows = [PendingAttendance(session_id=session.id, participant_id=p.id, reason=OLD_REASON, signed_at=clock.now())
            for p in (karim, awa)]
    db.add_all(rows)
    db.commit()
    world.extra.update(session=session, karim=karim, awa=awa, rows=rows)
    return world


def row_buttons(page: str) -> dict[str, list[str]]:
    """Each row's buttons: {row id: [form it posts to, …]}."""
    found: dict[str, list[str]] = {}
    for form, row_id, label in re.findall(r'<button type="submit" form="idmix-pending-(\w+)" name="rowid" '
                                          r'value="(\d+)"[^>]*>([^<]+)</button>', page):
        found.setdefault(row_id, []).append(f"{form}:{label}")
    return found


def form_of(page: str, name: str) -> dict[str, str]:
    block = re.search(rf'<form id="idmix-pending-{name}" method="POST" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'<input name="(\w+)" type="hidden" value="([^"]*)"', block.group(2)))
    return {"_action": block.group(1), **fields}


def test_each_pending_row_has_its_own_confirm_and_refuse_buttons(world, login_as):
    page = text(login_as(world.facilitator).get("/pendingattendance/"))
    buttons = row_buttons(page)
    assert buttons == {str(r.id): ["confirm:Confirmer", "refuse:Refuser"] for r in world.extra["rows"]}
    assert "Code tablette non accepté (hors ligne), présence à vérifier." in page
    assert "Vous pouvez encore essayer" not in page


def test_one_click_on_a_rows_confirm_records_that_person_only_and_names_them(world, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.get("/pendingattendance/"))
    form = form_of(page, "confirm")
    karim_row = world.extra["rows"][0]
    response = client.post(form.pop("_action"), data=form | {"rowid": str(karim_row.id)}, follow_redirects=True)
    after = text(response)
    assert f"Présence confirmée\u00a0: Karim Diallo (séance du {world.extra['session'].held_on:%d/%m/%Y})." in after
    db.expire_all()
    assert db.get(PendingAttendance, karim_row.id).status is ConfirmationStatus.CONFIRMED
    assert db.get(PendingAttendance, world.extra["rows"][1].id).status is ConfirmationStatus.PENDING
    attended = db.scalars(select(Attendance.participant_id).where(
        Attendance.session_id == world.extra["session"].id)).all()
    assert attended == [world.extra["karim"].id]
    assert str(karim_row.id) not in row_buttons(after)  # decided: its buttons are gone
    assert str(world.extra["rows"][1].id) in row_buttons(after)


def test_one_click_on_a_rows_refuse_records_nothing(world, login_as, db):
    client = login_as(world.facilitator)
    form = form_of(text(client.get("/pendingattendance/")), "refuse")
    awa_row = world.extra["rows"][1]
    after = text(client.post(form.pop("_action"), data=form | {"rowid": str(awa_row.id)}, follow_redirects=True))
    assert "Présence refusée, non notée\u00a0: Awa Sow" in after
    db.expire_all()
    assert db.get(PendingAttendance, awa_row.id).status is ConfirmationStatus.REFUSED
    assert db.scalar(select(Attendance).where(Attendance.participant_id == world.extra["awa"].id)) is None


def test_a_second_click_or_a_forged_row_id_changes_nothing_and_says_so(world, login_as, db):
    client = login_as(world.facilitator)
    form = form_of(text(client.get("/pendingattendance/")), "confirm")
    action = form.pop("_action")
    row = world.extra["rows"][0]
    client.post(action, data=form | {"rowid": str(row.id)})
    again = text(client.post(action, data=form | {"rowid": str(row.id)}, follow_redirects=True))
    assert "Aucune présence à confirmer dans ce choix" in again
    forged = text(client.post(action, data=form | {"rowid": "abc"}, follow_redirects=True))
    assert "Aucune présence à confirmer dans ce choix" in forged
    for odd in ("99999999999999999999", "²"):  # a number no column holds; a digit int() refuses
        refused = text(client.post(action, data=form | {"rowid": odd}, follow_redirects=True))
        assert "Aucune présence à confirmer dans ce choix" in refused, odd
    db.expire_all()
    assert len(db.scalars(select(Attendance).where(Attendance.participant_id == world.extra["karim"].id)).all()) == 1


def test_a_referrer_sees_no_buttons_and_cannot_confirm(world, login_as, db):
    client = login_as(world.referrer)
    page = client.get("/pendingattendance/")
    assert page.status_code == 403 or row_buttons(text(page)) == {}
    response = client.post("/pendingattendance/action/", data={"action": "confirm",
                                                                "rowid": str(world.extra["rows"][0].id)})
    assert response.status_code == 403
    db.expire_all()
    assert db.get(PendingAttendance, world.extra["rows"][0].id).status is ConfirmationStatus.PENDING
