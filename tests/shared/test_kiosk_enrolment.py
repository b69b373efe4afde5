import datetime as dt

import pytest

from shared import clock
from shared.kiosk import tokens
from shared.kiosk.errors import EnrolmentRefused, KioskError
from shared.kiosk.models import Device, EnrolmentCode
from shared.kiosk.operations import (
    create_enrolment_code,
    device_for_token,
    enrol_device,
    revoke_device,
)
from shared.kiosk.queries import devices, pending_enrolment_codes

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=clock.CENTRE_TZ)


def test_code_is_stored_hashed_and_enrols_a_device_once(db, make):
    group = make.group()
    issued = create_enrolment_code(db, group=group, actor=make.facilitator(group), now=NOW)
    assert issued.code not in issued.record.code_hash
    assert issued.record.code_hash == tokens.digest(issued.code)

    enrolment = enrol_device(db, code=issued.code.lower().replace("-", " "), now=NOW, name="Salle 2")
    assert enrolment.device.group_id == group.id
    assert enrolment.device.token_hash == tokens.digest(enrolment.token)
    assert len(enrolment.token) >= 40  # 256 random bits, url-safe
    assert device_for_token(db, enrolment.token) is enrolment.device
    assert db.get(EnrolmentCode, issued.record.id).used_at == NOW


def test_replayed_enrolment_code_is_refused(db, make):
    issued = create_enrolment_code(db, group=make.group(), actor=None, now=NOW)
    enrol_device(db, code=issued.code, now=NOW)
    with pytest.raises(EnrolmentRefused, match="déjà servi"):
        enrol_device(db, code=issued.code, now=NOW)


def test_expired_or_unknown_code_is_refused(db, make):
    issued = create_enrolment_code(db, group=make.group(), actor=None, now=NOW, valid_for=dt.timedelta(hours=1))
    with pytest.raises(EnrolmentRefused, match="expiré"):
        enrol_device(db, code=issued.code, now=NOW + dt.timedelta(hours=1))
    with pytest.raises(EnrolmentRefused, match="pas reconnu"):
        enrol_device(db, code="AAAA-AAAA-AAAA", now=NOW)
    with pytest.raises(EnrolmentRefused, match="Tapez"):
        enrol_device(db, code="  - ", now=NOW)


def test_inactive_group_gets_no_code(db, make):
    with pytest.raises(KioskError):
        create_enrolment_code(db, group=make.group(active=False), actor=None, now=NOW)


def test_revoked_device_is_no_longer_recognised(db, make):
    group = make.group()
    enrolment = enrol_device(db, code=create_enrolment_code(db, group=group, actor=None, now=NOW).code, now=NOW)
    revoke_device(db, enrolment.device, actor=make.facilitator(group), now=NOW)
    assert device_for_token(db, enrolment.token) is None
    assert device_for_token(db, None) is None
    assert device_for_token(db, "x" * 500) is None
    assert enrolment.device not in db.scalars(devices(group.id)).all()
    assert enrolment.device in db.scalars(devices(group.id, include_revoked=True)).all()


def test_pending_codes_leave_out_used_and_expired(db, make):
    group = make.group()
    used = create_enrolment_code(db, group=group, actor=None, now=NOW)
    enrol_device(db, code=used.code, now=NOW)
    expired = create_enrolment_code(db, group=group, actor=None, now=NOW - dt.timedelta(days=2))
    pending = create_enrolment_code(db, group=group, actor=None, now=NOW)
    assert db.scalars(pending_enrolment_codes(group.id, NOW)).all() == [pending.record]
    assert expired.record.used_at is None


def test_codes_are_readable_and_normalised():
    code = tokens.new_enrolment_code()
    assert len(code) == 14 and code.count("-") == 2
    assert not set(code.replace("-", "")) & set("0O1IL5S8B")
    assert tokens.normalise_code(code.lower().replace("-", "")) == code
