"""Every create, update and delete through the back-office lands in the audit trail, same transaction."""

import html
import re

from sqlalchemy import select

from shared.audit.models import AuditAction, AuditEntry
from tests.backoffice.test_forms import with_token
from tests.backoffice.world import build_world


def _entries(db, table, record_id):
    db.expire_all()
    return db.scalars(select(AuditEntry).where(AuditEntry.table_name == table,
                                               AuditEntry.record_id == str(record_id))
                      .order_by(AuditEntry.id)).all()


def test_an_edit_records_who_and_each_changed_field(make, db, today, login_as):
    world = build_world(make, db)
    client = login_as(world.facilitator)
    url = f"/participant/edit/?id={world.participant.id}"
    page = client.get(url).get_data(as_text=True)
    data = {name: value for name, value in re.findall(r'name="(\w+)" type="text" value="([^"]*)"', page)}
    data |= {"first_name": "Fatou", "last_name": world.participant.last_name, "group": str(world.group.id),
             "gender": "female", "benefit": "rsa"}
    assert client.post(url, data=with_token(client, url, data)).status_code == 302
    update = [e for e in _entries(db, "participant", world.participant.id) if e.action is AuditAction.UPDATE][-1]
    assert update.actor_id == world.facilitator.id
    assert update.changes["first_name"] == ["Fatima", "Fatou"]


def test_create_and_delete_are_recorded(make, db, today, login_as):
    world = build_world(make, db)
    client = login_as(world.admin)
    url = "/theme/new/"
    assert client.post(url, data=with_token(client, url, {"name": "Jardinage", "pictogram": "jardin",
                                                          "active": "y"})).status_code == 302
    from shared.groups.models import Theme
    theme = db.scalars(select(Theme).where(Theme.name == "Jardinage")).one()
    created = _entries(db, "theme", theme.id)
    assert created[0].action is AuditAction.CREATE and created[0].changes["name"] == [None, "Jardinage"]
    assert created[0].actor_id == world.admin.id
    page = client.get("/theme/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/theme/delete/", data={"id": str(theme.id), "csrf_token": token}).status_code == 302
    assert _entries(db, "theme", theme.id)[-1].action is AuditAction.DELETE


def test_a_password_change_is_recorded_without_the_hash(make, db, today, login_as):
    world = build_world(make, db)
    client = login_as(world.admin)
    assert client.post(f"/actions/staff-password/{world.referrer.id}/temporary").status_code == 200
    change = _entries(db, "staff_member", world.referrer.id)[-1]
    assert change.changes["password_hash"] == ["modifié", "modifié"]
    assert "argon2" not in str(change.changes)


def test_admins_read_a_records_history_from_its_details_page(make, db, today, login_as):
    world = build_world(make, db)
    client = login_as(world.admin)
    details = client.get(f"/contract/details/?id={world.contract.id}").get_data(as_text=True)
    link = re.search(r'href="(/audit/\?[^"]+)"', details).group(1).replace("&amp;", "&")
    history = client.get(link).get_data(as_text=True)
    assert "Création" in history and f"Contrat n°{world.contract.id}" in html.unescape(history)
    assert "Historique" not in login_as(world.facilitator).get(
        f"/contract/details/?id={world.contract.id}").get_data(as_text=True)
