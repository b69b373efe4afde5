"""What a department's groups leave besides people's paths, for the department-scale data set: closure
periods, tablets, the reminders sent to those who agreed to them, sign-ins made offline to confirm.

Planned in memory like the rest (``scale_rows.PlannedRows``); ``shared/demo/scale.py`` calls these."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from types import SimpleNamespace

from shared.demo.scale_people import local
from shared.demo.scale_rows import PlannedRows
from shared.groups.closures import GroupClosure
from shared.kiosk.models import Device
from shared.kiosk.offline_models import ConfirmationStatus, PendingAttendance
from shared.messaging import texts
from shared.messaging.models import Channel, Message, MessageConsent, MessageKind, MessageState
from shared.messaging.rules import mobile_number

SUMMER, YEAR_END = "congés d'été", "fermeture de fin d'année"
SMS_CONSENT_SHARE = 0.4  # people who agreed to reminders by SMS
REMINDED_DAYS = 28  # reminders are kept this long in the data set: the last four weeks'
OFFLINE_REFUSAL = "Code donné hors ligne non accepté : le code ne correspond pas."


def plan_closures(rows: PlannedRows, group_id: int, started_on: dt.date, until: dt.date) -> list[GroupClosure]:
    """Three summer weeks and the year-end week of every year the group met: the rows, and the same as
    unsaved ``GroupClosure`` for its schedule (no session is planned on a closed day)."""
    closures = []
    for year in range(started_on.year, until.year + 1):
        for label, starts_on, ends_on in ((SUMMER, dt.date(year, 8, 3), dt.date(year, 8, 23)),
                                          (YEAR_END, dt.date(year, 12, 24), dt.date(year + 1, 1, 1))):
            if ends_on < started_on or starts_on > until:
                continue
            row = rows.add(GroupClosure.__table__, group_id=group_id, label=label, starts_on=starts_on,
                           ends_on=ends_on)
            closures.append(GroupClosure(**row))
    return closures


def plan_tablets(rows: PlannedRows, groups: list[dict], today: dt.date, rng: random.Random) -> dict[int, int]:
    """A tablet in use in every group, and in one group of five an earlier one, revoked: group id → tablet."""
    tablets = {}
    for number, group in enumerate(groups, start=1):
        if number % 5 == 0:
            rows.add(Device.__table__, group_id=group["id"], name="Ancienne tablette",
                     token_hash=_token_hash(rng), enrolled_at=local(today - dt.timedelta(days=900), 9),
                     revoked_at=local(today - dt.timedelta(days=400), 9), **_no_pin_failure())
        row = rows.add(Device.__table__, group_id=group["id"], name=f"Tablette de l'accueil {number:02d}",
                       token_hash=_token_hash(rng), enrolled_at=local(today - dt.timedelta(days=rng.randint(30, 380)), 9),
                       revoked_at=None, **_no_pin_failure())
        tablets[group["id"]] = row["id"]
    return tablets


def plan_reminders(rows: PlannedRows, present: dict[int, list[int]], today: dt.date, rng: random.Random) -> None:
    """Consents to SMS reminders, and the eve reminders sent for the last four weeks' sessions to those of
    their present people who agreed."""
    people = {row["id"]: row for row in rows.rows["participant"]}
    consenting = set()
    for person in people.values():
        if rng.random() < SMS_CONSENT_SHARE:
            rows.add(MessageConsent.__table__, participant_id=person["id"], channel=Channel.SMS,
                     address=mobile_number(person["phone"]), given_on=person["consent_on"], withdrawn_on=None,
                     withdrawn_how=None)
            consenting.add(person["id"])
    groups = {row["id"]: row for row in rows.rows["group"]}
    since = today - dt.timedelta(days=REMINDED_DAYS)
    for session in rows.rows["session"]:
        if not since <= session["held_on"] < today or session["id"] not in present:
            continue
        eve = local(session["held_on"] - dt.timedelta(days=1), 18)
        # What the reminder's text reads of a session (shared.messaging.texts): a group's own session, at its place.
        shown = SimpleNamespace(group=SimpleNamespace(**groups[session["group_id"]]), theme=None, partner=None,
                                guest_groups=[], venue=session.get("place"), **session)
        for person_id in present[session["id"]]:
            if person_id not in consenting:
                continue
            text = texts.reminder(shown, MessageKind.EVE_REMINDER, Channel.SMS,
                                  first_name=people[person_id]["first_name"], consent_id=None,
                                  sent_on=eve.date())
            rows.add(Message.__table__, kind=MessageKind.EVE_REMINDER, channel=Channel.SMS,
                     dedup_key=f"{MessageKind.EVE_REMINDER.value}:{session['id']}:{person_id}",
                     participant_id=person_id, staff_id=None, session_id=session["id"],
                     address=mobile_number(people[person_id]["phone"]), subject=None, body=text.body, topics=None,
                     state=MessageState.SENT, attempts=1, created_at=eve - dt.timedelta(minutes=30),
                     expires_at=local(session["held_on"], session["starts_at"].hour, session["starts_at"].minute),
                     next_attempt_at=None, claimed_at=eve, sent_at=eve, provider_answer="Accepté par l'opérateur")


def plan_offline_checkins(rows: PlannedRows, held: dict[int, list[int]], present: dict[int, list[int]],
                          tablets: dict[int, int], session_hours: dict[int, dt.time]) -> None:
    """At each group's last session, one sign-in made offline whose code the server refused, to be confirmed:
    a regular of the session before, absent from the list of the last one."""
    days = {row["id"]: row["held_on"] for row in rows.rows["session"]}
    for group_id, session_ids in held.items():
        if len(session_ids) < 2 or group_id not in tablets:
            continue
        last, before = session_ids[-1], session_ids[-2]
        regulars = [pid for pid in present.get(before, []) if pid not in set(present.get(last, []))]
        if not regulars:
            continue
        hour = session_hours[last]
        rows.add(PendingAttendance.__table__, session_id=last, participant_id=regulars[0], device_id=tablets[group_id],
                 reason=OFFLINE_REFUSAL, signed_at=local(days[last], hour.hour, hour.minute) + dt.timedelta(minutes=5),
                 status=ConfirmationStatus.PENDING, decided_by_id=None, decided_at=None)


def _token_hash(rng: random.Random) -> str:
    return hashlib.sha256(rng.randbytes(32)).hexdigest()


def _no_pin_failure() -> dict:
    return dict(pin_failures=0, first_pin_failure_at=None, pin_locked_until=None, pin_lock_level=0)
