"""Issue #23, point 6, in Chromium: the French warning before the idle timeout with its button to stay,
and a form whose session ended comes back filled after signing in again."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from backoffice import session_limits
from shared import clock
from shared.staff.models import Role
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.browser

FORM = "/participant/new/?url=/participant/"


@pytest.fixture
def server_an_hour_later(monkeypatch):
    """``later()``: from now on the server measures sessions an hour ahead (the in-process server's clock)."""
    def later():
        monkeypatch.setattr(session_limits, "clock", SimpleNamespace(
            now=lambda: dt.datetime.now(clock.CENTRE_TZ) + dt.timedelta(hours=1)))
    return later


def _fill_the_form(page, base_url):
    page.goto(base_url + FORM)
    page.fill("input[name=first_name]", "Mireille")
    page.fill("input[name=last_name]", "Ferrand-Oubli")


def _sign_in_again_and_find_the_form(page, live_server, monkeypatch):
    page.wait_for_url(lambda url: "/login?next=" in url)
    monkeypatch.undo()  # the server's clock is right again: the new session is fresh
    expect(page.locator("body")).to_contain_text("reconnectez-vous")
    page.fill("input[name=email]", live_server.credentials[Role.FACILITATOR.value])
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/participant/new/" in url)
    expect(page.locator("#idmix-draft-restored")).to_contain_text("Votre saisie a été restaurée")
    expect(page.locator("input[name=first_name]")).to_have_value("Mireille")
    expect(page.locator("input[name=last_name]")).to_have_value("Ferrand-Oubli")


def test_a_form_posted_after_the_session_ended_comes_back_filled_after_signing_in(
        live_server, page, server_an_hour_later, monkeypatch):
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    _fill_the_form(page, live_server.url)
    server_an_hour_later()
    page.locator("form input[type=submit], form button[type=submit]").filter(has_text="Enregistrer").first.click()
    _sign_in_again_and_find_the_form(page, live_server, monkeypatch)


def test_the_warning_keeps_the_session_then_its_end_keeps_the_form(
        live_server, page, server_an_hour_later, monkeypatch):
    page.clock.install()
    sign_in(page, live_server.url, live_server.credentials[Role.FACILITATOR.value])
    _fill_the_form(page, live_server.url)
    warning = page.locator("#idmix-session-warning")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("28:30")
    expect(warning).to_contain_text("Votre session va se fermer dans 2\u00a0minutes")
    with page.expect_response("**/session/keepalive") as answer:
        warning.get_by_role("button", name="Rester connecté(e)").click()
    assert answer.value.json()["seconds_left"] > 25 * 60
    expect(warning).to_have_count(0)
    page.clock.fast_forward("29:00")  # warned again, and nobody answers this time
    expect(warning).to_be_visible()
    server_an_hour_later()
    with page.expect_response("**/session/status"):  # answered before the server's clock is put back
        page.clock.fast_forward("02:00")
    _sign_in_again_and_find_the_form(page, live_server, monkeypatch)
