"""Signing in and out through the real server (CSRF on, cookies, redirects), as a browser does."""

from __future__ import annotations

from tests.factories import TEST_PASSWORD


def test_sign_in_reaches_the_dashboard_and_sign_out_closes_the_pages(live_server, live_world):
    browser = live_server.browser()
    assert browser.get("/participant/").location.startswith("/login")

    signed_in = browser.sign_in(live_world.admin.email, TEST_PASSWORD)
    assert signed_in.status == 302 and signed_in.location == "/"
    dashboard = browser.get("/")
    assert dashboard.status == 200 and "Tableau de bord" in dashboard.text
    assert browser.get("/participant/").status == 200

    signed_out = browser.sign_out()
    assert signed_out.status == 302 and signed_out.location.startswith("/login")
    after = browser.get("/participant/")
    assert after.status == 302 and after.location.startswith("/login")


def test_a_wrong_password_or_a_missing_token_signs_nobody_in(live_server, live_world):
    browser = live_server.browser()
    wrong = browser.sign_in(live_world.admin.email, TEST_PASSWORD + "-faux")
    assert wrong.status == 200 and "Adresse e-mail ou mot de passe incorrect." in wrong.text

    no_token = browser.post("/login", {"email": live_world.admin.email, "password": TEST_PASSWORD})
    assert no_token.status == 400 and "Le formulaire a expiré" in no_token.text
    assert browser.get("/").location.startswith("/login")
