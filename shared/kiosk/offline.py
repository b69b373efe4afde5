"""A tablet's offline queue, received once: sign-ins, opinions and visitors kept on the tablet while the
network was cut.

Each item carries a one-time key made on the tablet. A sign-in's or a visitor's key is kept as a digest
(``OfflineReceipt``); an opinion's key is its one-time form token (``Feedback.form_token``): a retry,
or a request that reached the server but whose answer was lost, adds nothing the second time.

PINs typed offline travel sealed to the server's public key (``shared.kiosk.offline_seal``): the tablet
holds nothing that can open them. A seal the server cannot open (sealed the old way, damaged, moved to
another item) makes a « présence à confirmer » without counting a wrong code. The server checks every
PIN it opens as the screen does (``verify_pin``: the same counters and locks, kept even when the PIN is
refused); a wrong one (or a sign-in the rules refuse) becomes a « présence à confirmer » for the
facilitator, never a silent attendance. A sign-in is dated by the tablet's time of signing when it is
plausible (``offline_limits.signed_time``), so a queue sent after the session is not refused for the hour
of its return. Every sign-in is answered « received »,
whatever became of it: the answer tells no right PIN from a wrong one. What a queue may add is bounded
in ``shared.kiosk.offline_limits`` (the session's day, caps); what it refuses is counted for staff.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as DbSession

from shared.alphabetical import alphabetical
from shared.dates import fr_datetime
from shared.errors import CheckInRefused
from shared.feedback.models import FeedbackScope, Mood
from shared.feedback.operations import FeedbackAlreadySent, FeedbackError, submit_feedback
from shared.kiosk.errors import PinRefused, WalkInError
from shared.kiosk.models import Device
from shared.kiosk.offline_limits import (could_be_given_in, is_database_id, room_for_pending, room_for_walk_in,
                                         signed_time)
from shared.kiosk.offline_seal import SealKeys, open_pin
from shared.kiosk.offline_models import ConfirmationStatus, DeviceContact, OfflineReceipt, PendingAttendance
from shared.kiosk.pending_reasons import staff_reason
from shared.kiosk.pins import verify_pin
from shared.kiosk.symbols import symbol_of
from shared.kiosk.tokens import digest
from shared.kiosk.walk_ins import MAX_FIRST_NAME, clean_first_name, record_walk_in
from shared.people.models import Participant
from shared.sessions.models import AttendanceSource, Session
from shared.sessions.operations import check_in
from shared.sessions.queries import may_attend_session, session_on
from shared.staff.models import StaffMember
from shared.writes import operation

KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
KINDS = ("checkin", "opinion", "walk_in")
MAX_ITEMS = 200  # a session of one group, many times over
MAX_WAITING = 100_000


class Outcome:
    RECORDED = "recorded"        # an opinion or a visitor, stored now
    RECEIVED = "received"        # a sign-in: recorded, « présence à confirmer », or past the caps (counted)
    ALREADY = "already"          # this key was accepted before: nothing added
    REFUSED = "refused"          # not storable (damaged item, another group or day): the tablet drops it


UNREADABLE_PIN = ("Code donné hors ligne illisible par le serveur (gardé par une version précédente de la "
                  "tablette, ou abîmé) : présence à confirmer.")
_DROPPED = "dropped"  # a sign-in past the caps: answered RECEIVED, counted as refused


@dataclass
class Item:
    key: str
    kind: str
    session_id: int
    participant_id: int | None = None
    sealed_pin: str | None = None
    scope: str = ""
    mood: str = ""
    text: str | None = None
    first_name: str = ""
    signed_at: object = None  # a sign-in's time on the tablet, as sent: read by ``signed_time`` only

    @classmethod
    def parse(cls, raw: object) -> Item | None:
        """An item as the tablet sends it, or None when it is not one (never a 500)."""
        if not isinstance(raw, dict):
            return None
        key, kind = raw.get("key"), raw.get("kind")
        session_id, participant_id = raw.get("session"), raw.get("participant")
        if not (isinstance(key, str) and KEY.fullmatch(key) and kind in KINDS):
            return None
        if not is_database_id(session_id) or (participant_id is not None and not is_database_id(participant_id)):
            return None
        pin, text, first_name = raw.get("pin"), raw.get("text"), raw.get("first_name")
        return cls(key, kind, session_id, participant_id, pin if isinstance(pin, str) else None,
                   str(raw.get("scope") or "")[:20], str(raw.get("mood") or "")[:2],
                   text[:2000] if isinstance(text, str) else None,
                   first_name[:MAX_FIRST_NAME * 2] if isinstance(first_name, str) else "",
                   raw.get("signed_at"))


def offline_roster(db: DbSession, device: Device, today: dt.date) -> dict:
    """What the tablet may hold offline: today's session and its people as first name, initial and symbol."""
    session = db.scalar(session_on(device.group_id, today))
    people = []
    if session is not None and not session.cancelled:
        for person in db.scalars(may_attend_session(session)):
            symbol = symbol_of(person)
            people.append({"id": person.id, "name": person.kiosk_name,
                           "symbol": symbol.key if symbol else None, "label": symbol.label if symbol else None})
    return {"day": today.isoformat(), "session": session.id if session is not None and not session.cancelled
            else None, "requires_pin": bool(device.group.requires_pin), "people": people}


@operation
def receive_queue(db: DbSession, *, device: Device, items: list, waiting: int, seal_keys: SealKeys,
                  now: dt.datetime) -> dict[str, str]:
    """Store each item once; answer its outcome by key. Also notes when the tablet last reached the server."""
    outcomes: dict[str, str] = {}
    refused = 0
    for raw in items[:MAX_ITEMS]:
        item = Item.parse(raw)
        outcome = Outcome.REFUSED if item is None else _receive(db, device, item, seal_keys, now)
        refused += outcome in (Outcome.REFUSED, _DROPPED)
        if isinstance(raw, dict) and isinstance(raw.get("key"), str) and KEY.fullmatch(raw["key"]):
            outcomes[raw["key"]] = Outcome.RECEIVED if outcome == _DROPPED else outcome
    # What the tablet still holds once this answer reaches it: what it had, less what is settled now.
    held = max(0, min(waiting, MAX_WAITING)) if isinstance(waiting, int) and not isinstance(waiting, bool) else 0
    _note_contact(db, device, max(0, held - len(outcomes)), refused, now)
    return outcomes


def _receive(db: DbSession, device: Device, item: Item, seal_keys: SealKeys, now: dt.datetime) -> str:
    session = db.get(Session, item.session_id)
    if session is None or device.group_id not in session.group_ids or not could_be_given_in(session, now.date()):
        return Outcome.REFUSED
    participant = None
    if item.participant_id is not None:
        participant = db.scalar(may_attend_session(session).where(Participant.id == item.participant_id))
        if participant is None:
            return Outcome.REFUSED
    if item.kind == "opinion":
        return _receive_opinion(db, device, session, participant, item, seal_keys, now)
    if item.kind == "walk_in":
        return _receive_walk_in(db, device, session, item, now)
    if participant is None:
        return Outcome.REFUSED
    return _receive_checkin(db, device, session, participant, item, seal_keys, now)


def _first_receipt(db, device, kind: str, item: Item, now) -> bool:
    """Notes the item's key; False when it was received before (a retry or a lost answer)."""
    key = digest(f"{kind}:{item.key}")
    if db.get(OfflineReceipt, key) is not None:
        return False
    try:
        with db.begin_nested():
            db.add(OfflineReceipt(key_digest=key, device_id=device.id, received_on=now.date()))
            db.flush()
    except IntegrityError:  # the same key, sent at the same instant by another request
        return False
    return True


def _receive_walk_in(db, device, session, item, now) -> str:
    try:
        clean_first_name(item.first_name)
    except WalkInError:
        return Outcome.REFUSED
    if not _first_receipt(db, device, "walk_in", item, now):
        return Outcome.ALREADY
    if not room_for_walk_in(db, device=device, session=session):
        return Outcome.REFUSED
    try:
        with db.begin_nested():
            record_walk_in(db, session=session, first_name=item.first_name, now=now, kept_offline=True,
                           device=device)
    except WalkInError:
        return Outcome.REFUSED
    return Outcome.RECORDED


def _receive_checkin(db, device, session, participant, item, seal_keys, now) -> str:
    if not _first_receipt(db, device, "checkin", item, now):
        return Outcome.ALREADY
    reason = _pin_refusal(db, device, participant, item, seal_keys, now)  # locks count in the server's time
    signed_at = signed_time(item.signed_at, session, now)
    if reason is None:
        try:
            with db.begin_nested():
                check_in(db, session=session, participant=participant, now=signed_at)
            return Outcome.RECEIVED
        except CheckInRefused as refusal:
            reason = staff_reason(refusal)
    if not room_for_pending(db, device=device, session=session, participant=participant):
        return _DROPPED
    db.add(PendingAttendance(session_id=session.id, participant_id=participant.id, device_id=device.id,
                             reason=reason, signed_at=signed_at, status=ConfirmationStatus.PENDING))
    db.flush()  # counted by the caps of the next item
    return Outcome.RECEIVED


def _receive_opinion(db, device, session, participant, item, seal_keys, now) -> str:
    try:
        scope, mood = FeedbackScope(item.scope), Mood(item.mood)
    except ValueError:
        return Outcome.REFUSED
    if participant is not None and _pin_refusal(db, device, participant, item, seal_keys, now) is not None:
        participant = None  # a signature the PIN does not confirm is not kept: the opinion stays anonymous
    try:
        with db.begin_nested():
            submit_feedback(db, session=session, scope=scope, mood=mood, text=item.text, participant=participant,
                            form_token=item.key)
    except FeedbackAlreadySent:
        return Outcome.ALREADY
    except FeedbackError:
        return Outcome.REFUSED
    return Outcome.RECORDED


def _pin_refusal(db, device, participant, item, seal_keys, now) -> str | None:
    """None when the group asks no PIN or the PIN is right; otherwise why the facilitator must confirm.

    Not in a savepoint: the counters ``verify_pin`` writes on a refusal are the request's, committed with
    it as on the screen (rolling them back let a queue try every PIN without ever being locked).
    """
    if not device.group.requires_pin:
        return None
    pin = open_pin(seal_keys, item.key, participant.id, item.sealed_pin) if item.sealed_pin else ""
    if pin is None:  # not a wrong code: one this server cannot read, so the person is not counted for it
        return UNREADABLE_PIN
    try:
        verify_pin(db, device=device, participant=participant, pin=pin, now=now)
    except PinRefused as refusal:
        return staff_reason(refusal)
    return None


def _note_contact(db: DbSession, device: Device, waiting: int, refused: int, now: dt.datetime) -> None:
    contact = db.get(DeviceContact, device.id)
    if contact is None:
        db.add(DeviceContact(device_id=device.id, last_seen_at=now, waiting=waiting, refused=refused))
    else:
        contact.last_seen_at, contact.waiting = now, waiting
        contact.refused = (contact.refused or 0) + refused


@operation
def decide_pending(db: DbSession, pending: PendingAttendance, *, confirm: bool, actor: StaffMember,
                   now: dt.datetime) -> PendingAttendance:
    """The facilitator confirms (the attendance is recorded) or refuses a « présence à confirmer »."""
    if pending.status is not ConfirmationStatus.PENDING:
        raise CheckInRefused("Cette présence a déjà été traitée.")
    if confirm:
        check_in(db, session=pending.session, participant=pending.participant, source=AttendanceSource.STAFF,
                 now=now)
    pending.status = ConfirmationStatus.CONFIRMED if confirm else ConfirmationStatus.REFUSED
    pending.decided_by_id, pending.decided_at = actor.id, now
    return pending


def pending_attendances():
    """The « présences à confirmer » not yet decided, oldest first."""
    return (select(PendingAttendance).where(PendingAttendance.status == ConfirmationStatus.PENDING)
            .order_by(PendingAttendance.signed_at))


def tablets_contact():
    """Each tablet in use with its last contact (None: it has not reached the server since this version)."""
    return (select(Device, DeviceContact).outerjoin(DeviceContact, DeviceContact.device_id == Device.id)
            .where(Device.revoked_at.is_(None)).order_by(*alphabetical(Device.name)))


def contacts_of(device_ids):
    """The last contact of each of these tablets that has one."""
    return select(DeviceContact).where(DeviceContact.device_id.in_(device_ids))


def tablets_summary(tablets) -> str:
    """The dashboard's words for the tablets in use: each one heard from, by name, then how many have not
    reached the server yet (one line for them, however many were activated)."""
    if not tablets:
        return "aucune tablette"
    parts = [f"{device.name}\u00a0: {contact_text(contact)}" for device, contact in tablets if contact is not None]
    silent = sum(1 for _device, contact in tablets if contact is None)
    if silent:
        parts.append(f"{silent} tablette{'s' if silent > 1 else ''} sans contact pour l'instant")
    return "\u00a0; ".join(parts)


def contact_text(contact: DeviceContact | None) -> str:
    """« dernier contact le 10/03/2026 14:32, 2 éléments en attente d'envoi, 3 éléments refusés à la réception »."""
    if contact is None:
        return "pas encore de contact"
    waiting = ("rien en attente" if not contact.waiting else
               f"{contact.waiting} élément{'s' if contact.waiting > 1 else ''} en attente d'envoi")
    refused = (f", {contact.refused} élément{'s' if contact.refused > 1 else ''} "
               f"refusé{'s' if contact.refused > 1 else ''} à la réception") if contact.refused else ""
    return f"dernier contact le {fr_datetime(contact.last_seen_at)}, {waiting}{refused}"
