"""Sign-in: the same sentence for every refusal, throttling per account and per client address that
grows instead of locking, shared through the database, and an admin who lifts it (issue #11, point 5)."""

from __future__ import annotations

import datetime as dt
import html

from sqlalchemy import select

from shared import clock
from shared.staff import throttling
from shared.staff.models import LoginThrottle, Role
from tests.backoffice.conftest import login
from tests.factories import TEST_PASSWORD

REFUSAL = "Adresse e-mail ou mot de passe incorrect."


def _try(client, email, password="pas-le-bon-mot-de-passe", address="198.51.100.7"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _message(response) -> str:
    page = html.unescape(response.get_data(as_text=True))
    if REFUSAL in page:
        return REFUSAL
    start = page.find("Trop d'essais")
    return page[start:page.find(".", start) + 1] if start >= 0 else page[:200]


def test_unknown_real_and_deactivated_addresses_get_the_same_answers_all_along(client, make, db):
    real, gone = make.facilitator(), make.facilitator(active=False)
    db.commit()
    answers = {}
    with clock.frozen_at(clock.now()):  # the same waits for each address, however long the attempts take
        for email in (real.email, gone.email, "personne@cd.example.fr"):
            answers[email] = [(_try(client, email, address=f"203.0.113.{len(answers)}").status_code,
                               _message(_try(client, email, address=f"203.0.113.{len(answers)}")))
                              for _ in range(8)]
    first = answers[real.email]
    assert all(answer == first for answer in answers.values()), answers
    assert first[0] == (200, REFUSAL)
    assert "Trop d'essais" in first[-1][1]
    assert "bloqué" not in str(answers)


def test_the_wait_grows_and_ends_by_itself(client, make, db):
    staff = make.facilitator()
    db.commit()
    start = clock.now()
    with clock.frozen_at(start):
        for _ in range(throttling.RULES[throttling.ACCOUNT].free_failures + 1):
            _try(client, staff.email)
        assert "Trop d'essais" in _message(_try(client, staff.email, TEST_PASSWORD))
    first_wait = throttling.RULES[throttling.ACCOUNT].delay(throttling.RULES[throttling.ACCOUNT].free_failures + 1)
    with clock.frozen_at(start + first_wait + dt.timedelta(seconds=1)):
        assert _try(client, staff.email, TEST_PASSWORD).status_code == 302


def test_tries_during_the_wait_do_not_stretch_it(client, make, db):
    staff = make.facilitator()
    db.commit()
    rule = throttling.RULES[throttling.ACCOUNT]
    start = clock.now()
    with clock.frozen_at(start):
        for _ in range(rule.free_failures + 1):
            _try(client, staff.email)
        for _ in range(50):  # someone hammering the account during the wait
            _try(client, staff.email)
    with clock.frozen_at(start + rule.delay(rule.free_failures + 1) + dt.timedelta(seconds=1)):
        assert _try(client, staff.email, TEST_PASSWORD).status_code == 302


def test_the_wait_never_exceeds_its_ceiling(client, make, db):
    staff = make.facilitator()
    db.commit()
    rule = throttling.RULES[throttling.ACCOUNT]
    moment = clock.now()
    for n in range(30):  # from ever new addresses, so that only the account's wait counts
        moment += rule.max_delay + dt.timedelta(seconds=1)
        with clock.frozen_at(moment):
            _try(client, staff.email, address=f"192.0.2.{n}")
    with clock.frozen_at(moment + rule.max_delay - dt.timedelta(seconds=5)):
        assert "Trop d'essais" in _message(_try(client, staff.email, TEST_PASSWORD, address="192.0.2.200"))
    with clock.frozen_at(moment + rule.max_delay + dt.timedelta(seconds=1)):
        assert _try(client, staff.email, TEST_PASSWORD, address="192.0.2.200").status_code == 302


def test_one_address_trying_many_accounts_is_slowed_down(client, make, db):
    staff = make.facilitator()
    db.commit()
    rule = throttling.RULES[throttling.ADDRESS]
    with clock.frozen_at(clock.now()):
        for n in range(rule.free_failures + 1):
            _try(client, f"inconnu{n}@cd.example.fr", address="198.51.100.99")
        assert "Trop d'essais" in _message(_try(client, staff.email, TEST_PASSWORD, address="198.51.100.99"))
        assert _try(client, staff.email, TEST_PASSWORD, address="198.51.100.100").status_code == 302


def test_nothing_typed_is_stored_in_clear(client, make, db):
    _try(client, "secret.person@cd.example.fr", address="198.51.100.42")
    db.expire_all()
    keys = " ".join(row.key for row in db.scalars(select(LoginThrottle)))
    assert keys and "secret" not in keys and "198.51" not in keys


def test_an_admin_lifts_the_wait_from_the_account_page(client, make, db, login_as):
    staff, admin = make.facilitator(), make.staff(Role.ADMIN)
    db.commit()
    with clock.frozen_at(clock.now()):
        for _ in range(throttling.RULES[throttling.ACCOUNT].free_failures + 1):
            _try(client, staff.email)
        admin_client = login_as(admin)
        page = admin_client.get(f"/staff/details/?id={staff.id}").get_data(as_text=True)
        assert "Lever le délai" in page
        response = admin_client.post(f"/actions/staff-lock/{staff.id}/lift")
        assert response.status_code == 302
        assert _try(client, staff.email, TEST_PASSWORD).status_code == 302


def test_only_an_admin_lifts_a_wait(make, db, login_as):
    staff = make.facilitator()
    db.commit()
    assert login_as(staff).post(f"/actions/staff-lock/{staff.id}/lift").status_code in (403, 404)


def test_a_successful_sign_in_forgets_the_account_failures(client, make, db):
    staff = make.facilitator()
    db.commit()
    for _ in range(3):
        _try(client, staff.email)
    assert login(client, staff)
    db.expire_all()
    assert db.scalar(select(LoginThrottle).where(
        LoginThrottle.key == throttling.account_key(staff.email))) is None


def test_failures_are_forgotten_from_the_database_after_a_quiet_day(client, make, db):
    """The hashed keys of yesterday's failed sign-ins (accounts, client addresses) do not pile up."""
    start = clock.now()
    with clock.frozen_at(start):
        _try(client, "ancienne@cd.example.fr", address="192.0.2.10")
    quiet = max(rule.forget_after for rule in throttling.RULES.values())
    with clock.frozen_at(start + quiet + dt.timedelta(minutes=1)):
        _try(client, "nouvelle@cd.example.fr", address="192.0.2.11")
    keys = set(db.scalars(select(LoginThrottle.key).execution_options(populate_existing=True)))
    assert throttling.account_key("ancienne@cd.example.fr") not in keys
    assert throttling.address_key("192.0.2.10") not in keys
    assert throttling.account_key("nouvelle@cd.example.fr") in keys


# Issue #23, point 4: throttle the failing source, not the victim.

OFFICE = "203.0.113.50"  # one public address for the whole office


def _sign_in_and_out(client, staff, address=OFFICE):
    """The owner signs in from her usual browser (it receives its device cookie), then out."""
    assert _try(client, staff.email, TEST_PASSWORD, address=address).status_code == 302
    client.post("/logout", environ_base={"REMOTE_ADDR": address})


def test_a_colleague_sending_wrong_passwords_never_keeps_her_out_of_her_usual_browser(app, make, db):
    nadia = make.facilitator()
    db.commit()
    hers, attacker = app.test_client(), app.test_client()
    moment = clock.now()
    with clock.frozen_at(moment):
        _sign_in_and_out(hers, nadia)
    for _ in range(12):  # one wrong password each time the wait ends, from the same office address
        moment += throttling.RULES[throttling.ACCOUNT].max_delay + dt.timedelta(seconds=1)
        with clock.frozen_at(moment):
            for _ in range(8):
                _try(attacker, nadia.email, address=OFFICE)
            assert "Trop d'essais" in _message(_try(attacker, nadia.email, TEST_PASSWORD, address=OFFICE))
            assert _try(hers, nadia.email, TEST_PASSWORD, address=OFFICE).status_code == 302
            hers.post("/logout", environ_base={"REMOTE_ADDR": OFFICE})


def test_one_colleagues_failures_do_not_delay_the_others_behind_the_office_address(app, make, db):
    clumsy, other = make.facilitator(), make.facilitator()
    db.commit()
    moment = clock.now()
    for _ in range(25):  # far beyond twenty failures, each counted (its wait over)
        moment += throttling.RULES[throttling.PAIR].max_delay + dt.timedelta(seconds=1)
        with clock.frozen_at(moment):
            _try(app.test_client(), clumsy.email, address=OFFICE)
    with clock.frozen_at(moment):
        assert _try(app.test_client(), other.email, TEST_PASSWORD, address=OFFICE).status_code == 302


def test_a_forged_or_foreign_device_cookie_gives_no_pass(app, make, db):
    victim, attacker_account = make.facilitator(), make.facilitator()
    db.commit()
    attacker = app.test_client()
    with clock.frozen_at(clock.now()):
        _sign_in_and_out(attacker, attacker_account)  # a genuine device cookie, for another account
        for _ in range(throttling.RULES[throttling.PAIR].free_failures + 1):
            _try(attacker, victim.email)
        assert "Trop d'essais" in _message(_try(attacker, victim.email, TEST_PASSWORD))
        forged = app.test_client()
        forged.set_cookie("idmix_device", "W1sxLCJhYmMiXV0.forged.signature", path="/login")
        assert "Trop d'essais" in _message(_try(forged, victim.email, TEST_PASSWORD))


def test_wrong_passwords_from_a_trusted_browser_slow_that_browser_down(app, make, db):
    staff = make.facilitator()
    db.commit()
    browser = app.test_client()
    with clock.frozen_at(clock.now()):
        _sign_in_and_out(browser, staff)
        for _ in range(throttling.RULES[throttling.DEVICE].free_failures + 1):
            _try(browser, staff.email, address=OFFICE)
        assert "Trop d'essais" in _message(_try(browser, staff.email, TEST_PASSWORD, address=OFFICE))


def test_guesses_spread_over_many_addresses_still_meet_the_account_limit(client, make, db):
    staff = make.facilitator()
    db.commit()
    with clock.frozen_at(clock.now()):
        for n in range(throttling.RULES[throttling.ACCOUNT].free_failures + 1):
            _try(client, staff.email, address=f"192.0.2.{n}")
        assert "Trop d'essais" in _message(_try(client, staff.email, TEST_PASSWORD, address="192.0.2.250"))
