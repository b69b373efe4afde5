"""``idmix check`` on a good installation (every line « ok », exit 0) and on each mistake it knows (the mistake
named in French with its fix, exit 1)."""

from __future__ import annotations

import os
import zoneinfo

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from idmix.cli import main
from shared.db import make_engine
from tests.databases import migrated_sqlite
from tests.shared.messaging_servers import free_port, sms_api, smtp_certificate, smtp_server  # noqa: F401

KEY = "k" * 48


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def installation(tmp_path, monkeypatch, smtp_server, sms_api):  # noqa: F811
    """A good installation: instance folder 700 with its keys 600, a migrated database, HTTPS behind one proxy,
    a real SMTP server and an SMS API that answer."""
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o700)
    for name in ("secret_key", "pin_key", "offline_key.pem"):
        (instance / name).write_text(KEY)
        (instance / name).chmod(0o600)
    for variable in ("IDMIX_SECRET_KEY", "IDMIX_PIN_KEY", "IDMIX_OFFLINE_KEY_FILE", "IDMIX_BACKOFFICE_PROXIES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(instance))
    monkeypatch.setenv("IDMIX_DATABASE_URL", migrated_sqlite(instance / "idmix.sqlite3"))
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.departement.example")
    monkeypatch.setenv("IDMIX_PROXIES", "1")
    return instance


def test_a_good_installation_passes_every_check(installation):
    result = run("check")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("[")]
    assert len(lines) == 10 and all(line.startswith("[ok]") for line in lines), result.output
    assert "Installation prête." in result.output


def _failed_with(*expected: str) -> str:
    result = run("check")
    assert result.exit_code == 1, result.output
    for words in expected:
        assert words in result.output, result.output
    assert "Pour corriger" in result.output
    return result.output


def test_a_key_file_readable_by_others_is_to_fix(installation):
    (installation / "pin_key").chmod(0o644)
    _failed_with("[à corriger] Clé des codes PIN", "droits 644", f"chmod 600 {installation / 'pin_key'}")


def test_a_short_secret_key_given_by_the_environment_is_to_fix(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "secret")
    _failed_with("IDMIX_SECRET_KEY est trop courte", "openssl rand")


def test_a_missing_key_is_a_warning_until_the_first_start(installation):
    (installation / "secret_key").unlink()
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "[attention] Clé de signature des cookies" in result.output


def test_an_instance_folder_open_to_others_is_to_fix(installation):
    installation.chmod(0o755)
    _failed_with("[à corriger] Dossier de l'instance", "droits 755", f"chmod 700 {installation}")


def test_a_missing_instance_folder_is_to_fix(installation, monkeypatch, tmp_path):
    monkeypatch.setenv("IDMIX_INSTANCE_PATH", str(tmp_path / "nowhere"))
    _failed_with(f"{tmp_path / 'nowhere'} n'existe pas", "install -d -m 700")
    assert not (tmp_path / "nowhere").exists()  # the check changes nothing


def test_a_database_that_does_not_answer_is_to_fix(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_DATABASE_URL", f"postgresql+psycopg://idmix:motdepasse@127.0.0.1:{free_port()}/idmix")
    output = _failed_with("[à corriger] Base de données", "ne répond pas", "systemctl status postgresql")
    assert "motdepasse" not in output


def test_a_missing_sqlite_file_is_to_fix_and_not_created(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_DATABASE_URL", f"sqlite:///{installation / 'absent.sqlite3'}")
    _failed_with("absent.sqlite3 n'existe pas", "idmix init-db")
    assert not (installation / "absent.sqlite3").exists()


def test_a_database_behind_the_code_asks_for_a_backup_then_init_db(installation):
    engine = make_engine(os.environ["IDMIX_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0017_french_spacing'"))
    engine.dispose()
    _failed_with("schéma n'est pas à jour", "idmix backup", "idmix init-db")


def test_a_database_from_a_newer_version_is_to_fix(installation):
    engine = make_engine(os.environ["IDMIX_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    engine.dispose()
    _failed_with("version plus récente d'ID'MIX")


def test_an_unknown_time_zone_is_to_fix(installation, monkeypatch):
    def unknown(key):
        raise zoneinfo.ZoneInfoNotFoundError(key)

    monkeypatch.setattr(zoneinfo, "ZoneInfo", unknown)
    _failed_with("[à corriger] Fuseau horaire", "apt-get install tzdata")


def test_https_without_trusting_the_proxy_is_to_fix(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_PROXIES", "0")
    _failed_with("IDMIX_PROXIES vaut 0", "IDMIX_PROXIES=1")


def test_a_public_address_in_plain_http_is_to_fix(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_BASE_URL", "http://idmix.departement.example")
    _failed_with("est en HTTP", "https://")


def test_a_proxy_count_that_is_not_a_number_is_to_fix(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_PROXIES", "oui")
    _failed_with("IDMIX_PROXIES doit être un nombre entier")


def test_an_smtp_server_that_does_not_answer_is_to_fix_and_nothing_is_sent(installation, monkeypatch, smtp_server):  # noqa: F811
    monkeypatch.setenv("IDMIX_SMTP_URL", f"smtp://localhost:{free_port()}")
    _failed_with("[à corriger] Courriel (SMTP)", "injoignable")
    assert smtp_server.messages == []


def test_an_smtp_server_that_refuses_the_password_is_to_fix(installation, monkeypatch):
    url = os.environ["IDMIX_SMTP_URL"].replace("smtp://", "smtp://rappels:faux@")
    monkeypatch.setenv("IDMIX_SMTP_URL", url)
    _failed_with("[à corriger] Courriel (SMTP)")


def test_an_sms_provider_out_of_reach_is_to_fix_and_nothing_is_sent(installation, monkeypatch, sms_api):  # noqa: F811
    monkeypatch.setenv("IDMIX_SMS_API_URL", f"http://127.0.0.1:{free_port()}/v3/transactionalSMS/send")
    _failed_with("[à corriger] SMS", "injoignable")
    assert sms_api.requests == []


def test_an_unknown_sms_provider_is_to_fix(installation, monkeypatch):
    monkeypatch.setenv("IDMIX_SMS_PROVIDER", "pigeon")
    _failed_with("fournisseur inconnu")


def test_a_backup_folder_that_cannot_be_written_is_to_fix(installation):
    (installation / "backups").write_text("")  # a file where the folder should be (rights do not stop root)
    _failed_with("[à corriger] Dossier des sauvegardes", "install -d -m 700")


def test_a_good_check_sends_nothing(installation, smtp_server, sms_api):  # noqa: F811
    assert run("check").exit_code == 0
    assert smtp_server.messages == [] and sms_api.requests == []


def test_check_is_listed_in_the_french_help():
    assert "Vérifie l'installation" in run("--help").output
