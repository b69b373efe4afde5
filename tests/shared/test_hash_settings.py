"""Production keeps its Argon2 settings; tests hash cheaply (tests/conftest.py) and nothing breaks."""

from __future__ import annotations

from argon2 import Type

from shared.kiosk import pins
from shared.staff import passwords
from tests.conftest import CHEAP_HASHER
from tests.factories import TEST_PASSWORD


def test_staff_passwords_use_argon2id_with_3_passes_64_mib_4_lanes_in_production():
    hasher = passwords.PRODUCTION_HASHER
    assert hasher.type is Type.ID
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 65_536, 4)
    assert (hasher.hash_len, hasher.salt_len) == (32, 16)


def test_kiosk_pins_use_owasp_minimum_argon2id_settings_in_production():
    hasher = pins.PRODUCTION_HASHER
    assert hasher.type is Type.ID
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (2, 19_456, 1)


def test_the_suite_hashes_with_the_cheap_hasher():
    assert passwords.HASHER is CHEAP_HASHER and pins.HASHER is CHEAP_HASHER
    assert "m=8,t=1,p=1" in passwords.hash_password(TEST_PASSWORD)
    assert "m=8,t=1,p=1" in pins.hash_pin("4821")


def test_a_hash_made_with_either_settings_verifies_with_the_other():
    cheap = passwords.hash_password(TEST_PASSWORD)
    production = passwords.PRODUCTION_HASHER.hash(TEST_PASSWORD)
    assert passwords.verify_password(production, TEST_PASSWORD)
    assert passwords.PRODUCTION_HASHER.verify(cheap, TEST_PASSWORD)
    assert not passwords.verify_password(production, TEST_PASSWORD + "x")


def test_a_hash_made_by_the_hasher_in_use_never_asks_to_be_rehashed():
    """Were sign-in to rehash outdated hashes, a fresh hash must not count as outdated (no rehash loop)."""
    assert not passwords.HASHER.check_needs_rehash(passwords.hash_password(TEST_PASSWORD))
    assert not pins.HASHER.check_needs_rehash(pins.hash_pin("4821"))
    assert not passwords.PRODUCTION_HASHER.check_needs_rehash(passwords.PRODUCTION_HASHER.hash(TEST_PASSWORD))
