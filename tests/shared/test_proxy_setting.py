"""One proxy setting for both apps (``shared.settings.proxies``, issue #23 point 8): ``IDMIX_PROXIES``, else the
back-office's former ``IDMIX_BACKOFFICE_PROXIES``; anything but a whole number stops the start, in French."""

import pytest

import backoffice
import kiosk
from shared.settings import proxies


@pytest.fixture(autouse=True)
def _no_proxy_setting(monkeypatch):
    for variable in ("IDMIX_PROXIES", "IDMIX_BACKOFFICE_PROXIES", "IDMIX_KIOSK_PROXIES"):
        monkeypatch.delenv(variable, raising=False)


def test_the_one_setting_wins_over_the_former_back_office_one(monkeypatch):
    assert proxies() == 0
    monkeypatch.setenv("IDMIX_BACKOFFICE_PROXIES", "2")
    assert proxies() == 2
    monkeypatch.setenv("IDMIX_PROXIES", "1")
    assert proxies() == 1


@pytest.mark.parametrize("create_app", [backoffice.create_app, kiosk.create_app], ids=["back-office", "kiosk"])
def test_both_apps_read_the_same_proxy_setting(monkeypatch, database_url, create_app):
    monkeypatch.setenv("IDMIX_PROXIES", "1")
    app = create_app({"SECRET_KEY": "t", "SQLALCHEMY_ENGINES": {"default": database_url}})
    assert app.config["PROXIES"] == 1
    response = app.test_client().get("/activer" if create_app is kiosk.create_app else "/login",
                                     headers={"X-Forwarded-Proto": "https"})
    assert all("; Secure" in cookie for cookie in response.headers.getlist("Set-Cookie"))
    assert response.headers.getlist("Set-Cookie")


@pytest.mark.parametrize("value", ["oui", "-1", "1.5"])
def test_a_proxy_count_that_is_not_a_whole_number_stops_the_start_in_french(monkeypatch, value):
    monkeypatch.setenv("IDMIX_PROXIES", value)
    with pytest.raises(ValueError) as refused:
        kiosk.create_app({"SECRET_KEY": "t"})
    assert str(refused.value) == ("IDMIX_PROXIES doit être un nombre entier de mandataires (0, 1, 2…)\u00a0: "
                                  f"«\u00a0{value}\u00a0» lu.")
