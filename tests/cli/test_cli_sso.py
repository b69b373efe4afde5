"""``idmix sso check`` against a real OpenID provider (npm oidc-provider on 127.0.0.1), in French."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from idmix.cli import main
from tests.sso.fixtures import provider  # noqa: F401 (fixture)
from tests.sso.provider import SECRET, free_port
from tests.typography import typography_faults


def check(monkeypatch, *args, **settings):
    for name in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "REDIRECT_URI", "PROFILE"):
        monkeypatch.delenv(f"IDMIX_OIDC_{name}", raising=False)
    for name, value in settings.items():
        monkeypatch.setenv(f"IDMIX_OIDC_{name}", value)
    result = CliRunner().invoke(main, ["sso", "check", *args], prog_name="idmix")
    assert typography_faults(result.output.replace("<", "&lt;")) == []
    return result


@pytest.fixture
def registered(provider):
    return {"ISSUER": provider.issuer, "CLIENT_ID": "idmix", "CLIENT_SECRET": SECRET}


def test_a_working_configuration_is_confirmed_step_by_step(monkeypatch, registered):
    result = check(monkeypatch, "--adresse", "http://localhost/admin", **registered)
    assert result.exit_code == 0, result.output
    assert "OK\u00a0: document de découverte lu" in result.output
    assert "OK\u00a0: 2 clé(s) publique(s) lue(s) (ES256, RS256)" in result.output
    assert "OK\u00a0: adresse de retour acceptée par le fournisseur (http://localhost/admin/sso/retour)" in result.output
    assert result.output.rstrip().endswith("La configuration fonctionne.")


def test_a_bare_site_address_checks_the_back_office_s_return_under_admin(monkeypatch, registered):
    """wsgi.py serves the back-office under /admin/: that is where the provider sends staff back."""
    result = check(monkeypatch, "--adresse", "http://localhost/", **registered)
    assert result.exit_code == 0, result.output
    assert "(http://localhost/admin/sso/retour)" in result.output


def test_a_redirect_uri_the_provider_does_not_know_is_reported(monkeypatch, registered):
    result = check(monkeypatch, **registered, REDIRECT_URI="https://idmix.exemple.fr/sso/retour")
    assert result.exit_code == 1
    assert "l'adresse de retour https://idmix.exemple.fr/sso/retour y sont enregistrés" in result.output


def test_an_unknown_client_is_reported(monkeypatch, registered):
    result = check(monkeypatch, "--adresse", "http://localhost", **(registered | {"CLIENT_ID": "inconnu"}))
    assert result.exit_code == 1 and "Le fournisseur refuse la demande de connexion" in result.output


def test_an_unreachable_provider_is_reported(monkeypatch, registered):
    issuer = f"http://127.0.0.1:{free_port()}"
    result = check(monkeypatch, "--adresse", "http://localhost", **(registered | {"ISSUER": issuer}))
    assert result.exit_code == 1 and "Document de découverte injoignable" in result.output


def test_a_wrong_issuer_is_reported(monkeypatch, registered):
    result = check(monkeypatch, "--adresse", "http://localhost",
                   **(registered | {"ISSUER": registered["ISSUER"].replace("127.0.0.1", "localhost")}))
    assert result.exit_code == 1 and "corrigez IDMIX_OIDC_ISSUER" in result.output


def test_without_a_provider_it_says_password_sign_in_is_in_use(monkeypatch):
    result = check(monkeypatch)
    assert result.exit_code == 1 and "Aucun fournisseur d'identité configuré" in result.output


def test_a_missing_secret_is_named(monkeypatch, registered):
    result = check(monkeypatch, **(registered | {"CLIENT_SECRET": ""}))
    assert result.exit_code == 1 and "IDMIX_OIDC_CLIENT_SECRET manque" in result.output
