"""PINs typed offline are sealed to the server's public key (#24): the tablet gets nothing that opens them; the
server opens them with its private key, kept beside the secret key (600) and rotated by a command."""

from __future__ import annotations

import base64
import hashlib
import hmac
import stat

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from idmix.cli import main
from kiosk import create_app
from shared import settings
from shared.kiosk import offline_seal
from shared.kiosk.offline import UNREADABLE_PIN
from shared.kiosk.offline_models import PendingAttendance
from shared.kiosk.offline_seal import seal_pin
from shared.people.models import Participant
from shared.sessions.models import Attendance
from tests.kiosk.conftest import PIN, fresh, kiosk_config
from tests.kiosk.test_offline_sync import checkin, count, key, send


@pytest.fixture
def key_files(tmp_path, monkeypatch):
    """The offline key files in a folder of their own; this process reads them again, then its keys come back."""
    monkeypatch.setenv("IDMIX_OFFLINE_KEY_FILE", str(tmp_path / "keys" / "offline_key.pem"))
    monkeypatch.setenv("IDMIX_OFFLINE_KEY_PREVIOUS_FILE", str(tmp_path / "keys" / "offline_key.previous.pem"))
    before = offline_seal.use_keys(None)
    yield tmp_path / "keys"
    offline_seal.use_keys(before)


def failures(db, person) -> int:
    return fresh(db, select(Participant.pin_failures).where(Participant.id == person.id))[0]


def test_the_tablet_gets_the_public_key_only(tablet, kiosk):
    data = tablet.get("/hors-ligne/donnees")
    assert data.headers["Cache-Control"] == "no-store"
    seal_key = data.json["seal_key"]
    assert set(seal_key) == {"scheme", "key_id", "public_key"} and seal_key["scheme"] == "rsa-oaep-256"
    public = serialization.load_der_public_key(base64.b64decode(seal_key["public_key"]))
    assert isinstance(public, rsa.RSAPublicKey) and public.key_size == 3072
    assert public.public_numbers() == offline_seal.keys().current.public_key().public_numbers()
    assert "pin_key" not in data.json and "PRIVATE" not in data.get_data(as_text=True)


def test_the_same_pin_sealed_twice_gives_two_different_seals(kiosk):
    public = offline_seal.keys().current.public_key()
    item_key, person = key(), kiosk.people[0].id
    assert seal_pin(public, item_key, person, PIN) != seal_pin(public, item_key, person, PIN)


def test_a_sealed_pin_opens_only_for_its_own_item_and_person():
    keys = offline_seal.keys()
    item_key = key()
    sealed = seal_pin(keys.current.public_key(), item_key, 7, PIN)
    assert offline_seal.open_pin(keys, item_key, 7, sealed) == PIN
    assert offline_seal.open_pin(keys, key(), 7, sealed) is None
    assert offline_seal.open_pin(keys, item_key, 8, sealed) is None


def test_a_sealed_pin_moved_to_another_item_is_a_presence_to_confirm_without_a_wrong_code(tablet, kiosk, db):
    person = kiosk.people[0]
    moved = checkin(kiosk, person)
    moved["key"] = key()  # the right PIN's seal, taken from another sign-in
    other = checkin(kiosk, kiosk.people[1])
    other["pin"] = checkin(kiosk, person)["pin"]  # … or from another person
    assert set(send(tablet, [moved, other]).json["outcomes"].values()) == {"received"}
    assert count(db, Attendance) == 0
    assert [p.reason for p in fresh(db, select(PendingAttendance))] == [UNREADABLE_PIN] * 2
    assert failures(db, person) == 0 and failures(db, kiosk.people[1]) == 0


def test_a_pin_sealed_the_old_way_is_received_as_a_presence_to_confirm(tablet, kiosk, db):
    """A queue kept by the earlier version (PIN XORed with a pad key the tablet held): no 500, nothing lost,
    no wrong code counted; the facilitator confirms it."""
    person = kiosk.people[0]
    item = checkin(kiosk, person)
    token_hash = kiosk.device.token_hash.encode()
    pad_key = hmac.new(b"test-secret", b"idmix-offline-pin|" + token_hash, hashlib.sha256).digest()
    pad = hmac.new(pad_key, item["key"].encode(), hashlib.sha256).digest()
    item["pin"] = base64.b64encode(bytes(a ^ b for a, b in zip(PIN.encode(), pad))).decode()
    answer = send(tablet, [item])
    assert answer.status_code == 200 and answer.json["outcomes"] == {item["key"]: "received"}
    [pending] = fresh(db, select(PendingAttendance))
    assert (pending.participant_id, pending.reason) == (person.id, UNREADABLE_PIN)
    assert failures(db, person) == 0 and count(db, Attendance) == 0


@pytest.mark.parametrize("damaged", [
    "rsa-oaep-256", "rsa-oaep-256..", "rsa-oaep-256.0123456789abcdef.AAAA", "unsealed", "rsa-oaep-256.x.%%%",
    "rsa-oaep-256." + "a" * 5000, "",
])
def test_a_damaged_seal_gets_the_same_answer_and_never_a_500(tablet, kiosk, db, damaged):
    item = dict(checkin(kiosk, kiosk.people[0]), pin=damaged)
    assert send(tablet, [item]).json["outcomes"] == {item["key"]: "received"}
    assert count(db, Attendance) == 0 and count(db, PendingAttendance) == 1


def test_a_seal_made_with_the_right_key_id_but_another_key_opens_to_nothing():
    keys = offline_seal.keys()
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    item_key = key()
    sealed = seal_pin(stranger.public_key(), item_key, 7, PIN)
    forged = ".".join([offline_seal.SCHEME, offline_seal.key_id(keys.current), sealed.split(".")[2]])
    assert offline_seal.open_pin(keys, item_key, 7, forged) is None


def test_the_key_file_is_made_at_first_start_readable_by_its_owner_only(key_files, database_url):
    path = key_files / "offline_key.pem"
    assert not path.exists()
    create_app(kiosk_config(database_url))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = offline_seal.keys()
    offline_seal.use_keys(None)
    assert offline_seal.key_id(offline_seal.keys().current) == offline_seal.key_id(first.current)
    assert settings.previous_offline_keys_pem() == b""


def test_pins_sealed_before_a_rotation_still_open_then_not_once_the_old_keys_are_forgotten(key_files):
    before = offline_seal.keys()
    item_key = key()
    sealed = seal_pin(before.current.public_key(), item_key, 7, PIN)
    result = CliRunner().invoke(main, ["rotate-offline-key"], catch_exceptions=False)
    assert result.exit_code == 0 and "Redémarrez le service" in result.output
    after = offline_seal.keys()
    assert offline_seal.key_id(after.current) != offline_seal.key_id(before.current)
    assert after.for_tablet()["key_id"] in result.output
    assert offline_seal.open_pin(after, item_key, 7, sealed) == PIN  # sealed before the rotation
    new_item = key()
    sealed_after = seal_pin(after.current.public_key(), new_item, 7, "1111")
    assert offline_seal.open_pin(after, new_item, 7, sealed_after) == "1111"
    for name in ("offline_key.pem", "offline_key.previous.pem"):
        assert stat.S_IMODE((key_files / name).stat().st_mode) == 0o600
    assert sorted(f.name for f in key_files.iterdir()) == ["offline_key.pem", "offline_key.previous.pem"]

    CliRunner().invoke(main, ["rotate-offline-key"], catch_exceptions=False)  # twice: both old keys kept
    assert offline_seal.open_pin(offline_seal.keys(), item_key, 7, sealed) == PIN
    assert len(offline_seal.keys().previous) == 2

    result = CliRunner().invoke(main, ["rotate-offline-key", "--forget-previous"], catch_exceptions=False)
    assert result.exit_code == 0 and "oubliées\u00a0: 2." in result.output
    assert offline_seal.open_pin(offline_seal.keys(), item_key, 7, sealed) is None
    assert not (key_files / "offline_key.previous.pem").exists()


def test_a_tablet_enrolled_before_gets_the_new_public_key_at_its_next_sync(tablet, kiosk, key_files):
    first = tablet.get("/hors-ligne/donnees").json["seal_key"]["key_id"]
    offline_seal.rotate()
    now = tablet.get("/hors-ligne/donnees").json["seal_key"]["key_id"]
    assert now == offline_seal.keys().for_tablet()["key_id"] != first

