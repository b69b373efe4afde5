"""What the tablets leave for staff: enrolled devices (revoke one) and walk-ins (say who they were)."""

from __future__ import annotations

from flask import flash, g
from flask_admin.actions import action
from sqlalchemy.orm import joinedload
from wtforms.validators import DataRequired

from shared import clock
from shared.db import id_from_text
from shared.kiosk.models import Device, WalkIn
from shared.kiosk.offline import contact_text, contacts_of
from shared.kiosk.offline_models import DeviceContact
from shared.kiosk.operations import revoke_device
from shared.kiosk.pins import device_lock, unlock_device
from shared.kiosk.walk_ins import discard_walk_in, link_walk_in
from shared.sessions.models import Session
from shared.staff.models import Role

from ..core import ajax
from ..core.base import current_staff
from ..core.common import EntityView, joined_person
from ..extensions import db


def _device_state(view, context, model, name):
    if model.revoked_at is not None:
        return "révoquée"
    now = clock.now()
    lock = device_lock(model, now)
    if lock is None:
        return "active"
    if lock.by_staff_only:
        return "codes bloqués : à débloquer"
    return f"codes en pause ({lock.wait(now)})"


def _device_contact(view, context, model, name):
    """When the tablet last reached the server, and what it still holds (kiosk without network, #13): on a
    list, from the page's contacts read at once (``DeviceView.get_list``)."""
    contacts = g.get("idmix_device_contacts")
    return contact_text(contacts.get(model.id) if contacts is not None else db.session.get(DeviceContact, model.id))


class DeviceView(EntityView):
    endpoint_name = "device"
    list_template = "kiosk/kiosk_device_list.html"  # + « Activer une nouvelle tablette »
    allowed_roles = (Role.ADMIN, Role.FACILITATOR)
    can_create = False
    can_edit = False
    can_delete = False
    column_list = ["name", "group", "enrolled_at", "state", "contact", "revoked_at"]
    column_details_list = column_list
    column_export_list = ["name", "group", "enrolled_at", "revoked_at"]
    column_labels = {"name": "Tablette", "group": "Groupe", "enrolled_at": "Enrôlée le", "state": "État",
                     "contact": "Dernier contact", "revoked_at": "Révoquée le"}
    column_sortable_list = ["name", "enrolled_at"]
    column_default_sort = ("enrolled_at", True)
    list_loads = (joinedload(Device.group),)
    column_formatters = {"state": _device_state, "contact": _device_contact}

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            ids = [row.id for row in rows]
            found = db.session.scalars(contacts_of(ids)) if ids else ()
            g.idmix_device_contacts = {contact.device_id: contact for contact in found}
        return count, rows

    @action("revoke", "Révoquer", "Ces tablettes ne pourront plus servir. Continuer ?")
    def action_revoke(self, ids):
        rows = self.get_query().filter(Device.id.in_([n for i in ids if (n := id_from_text(i)) is not None])).all()
        for device in rows:
            revoke_device(db.session, device, actor=current_staff(), now=clock.now())
        db.session.commit()
        flash(f"{len(rows)} tablette(s) révoquée(s).", "success")

    @action("unlock", "Débloquer les codes",
            "Les codes pourront de nouveau être tapés sur ces tablettes. Continuer ?")
    def action_unlock(self, ids):
        rows = self.get_query().filter(Device.id.in_([n for i in ids if (n := id_from_text(i)) is not None])).all()
        now = clock.now()
        locked = [device for device in rows if device_lock(device, now) is not None]
        for device in locked:
            unlock_device(db.session, device, actor=current_staff(), now=now)
        db.session.commit()
        if locked:
            flash(f"{len(locked)} tablette(s) débloquée(s) : les codes peuvent de nouveau être tapés.", "success")
        else:
            flash("Aucune de ces tablettes n'était bloquée.", "info")


class WalkInView(EntityView):
    endpoint_name = "walkin"
    allowed_roles = (Role.ADMIN, Role.FACILITATOR)
    can_create = False
    column_list = ["first_name", "session", "participant"]
    column_details_list = column_list
    column_export_list = ["first_name", "session", "participant"]
    column_labels = {"first_name": "Prénom saisi", "session": "Séance", "participant": "Personne rattachée"}
    column_searchable_list = ["first_name"]
    column_sortable_list = ["first_name", ("session", "session.held_on")]
    column_default_sort = [("session.held_on", True)]
    list_loads = (joinedload(WalkIn.session).joinedload(Session.theme), joined_person(WalkIn.participant))
    form_ajax_refs = {"participant": ajax.people("participant")}

    def scaffold_form(self):
        class LinkForm(self.form_base_class):
            participant = ajax.ScopedAjaxSelectField(
                self.ajax_loader("participant"), "Personne rattachée",
                validators=[DataRequired("Choisissez la personne.")])
        return LinkForm

    # Through DomainWrites: the operation's refusal is shown next to the person, nothing half-saved.
    def update_record(self, form, model) -> None:
        link_walk_in(db.session, model, form.participant.data, actor=current_staff(), now=clock.now())

    def delete_record(self, model) -> None:
        discard_walk_in(db.session, model, actor=current_staff(), now=clock.now())
