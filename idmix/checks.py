"""``idmix check``: is this installation fit to serve? Each check says, in French, what is wrong and how to fix it.

A check gives ``Finding``s: ``ok`` (nothing to do), ``warning`` (works, worth a look) or ``error`` (must be
fixed: the command then exits with status 1). Nothing is changed and nothing is sent: the SMTP server is
greeted and left, the SMS provider's address is only connected to.
"""

from __future__ import annotations

import enum
import os
import smtplib
import socket
import ssl
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from shared.db import default_instance_path, make_engine
from shared.settings import SECRET_FILES

TIMEOUT = 10  # seconds to reach the SMTP server or the SMS provider
KEYS = {"secret_key": "Clé de signature des cookies", "pin_key": "Clé des codes PIN",
        "offline_key.pem": "Clé des codes PIN saisis hors réseau"}
MIN_SECRET_LENGTH = 32


class Level(enum.Enum):
    OK = "ok"
    WARNING = "attention"
    ERROR = "erreur"


@dataclass(frozen=True)
class Finding:
    level: Level
    subject: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        mark = {Level.OK: "[ok]", Level.WARNING: "[attention]", Level.ERROR: "[à corriger]"}[self.level]
        text = f"{mark} {self.subject}\u00a0: {self.message}"
        return f"{text}\n      Pour corriger\u00a0: {self.fix}" if self.fix else text


def _ok(subject: str, message: str) -> Finding:
    return Finding(Level.OK, subject, message)


def _error(subject: str, message: str, fix: str) -> Finding:
    return Finding(Level.ERROR, subject, message, fix)


def _warning(subject: str, message: str, fix: str) -> Finding:
    return Finding(Level.WARNING, subject, message, fix)


def run_checks(database: str) -> list[Finding]:
    return [*check_instance_folder(), *check_keys(), *check_database(database), *check_time_zone(),
            *check_https(), *check_smtp(), *check_sms(), *check_backup_folder()]


def check_instance_folder() -> Iterator[Finding]:
    subject = "Dossier de l'instance"
    folder = default_instance_path()
    if not folder.is_dir():
        yield _error(subject, f"{folder} n'existe pas.",
                     f"créez-le avec le compte de l'application\u00a0: «\u00a0install -d -m 700 {folder}\u00a0», "
                     "ou réglez IDMIX_INSTANCE_PATH.")
        return
    info = folder.stat()
    if info.st_uid != os.geteuid():
        yield _error(subject, f"{folder} appartient à un autre compte (uid {info.st_uid}).",
                     f"«\u00a0chown -R <compte de l'application> {folder}\u00a0», puis lancez idmix check avec ce compte.")
    elif stat.S_IMODE(info.st_mode) & 0o077:
        yield _error(subject, f"{folder} est ouvert à d'autres comptes (droits {stat.S_IMODE(info.st_mode):o}).",
                     f"«\u00a0chmod 700 {folder}\u00a0».")
    else:
        yield _ok(subject, f"{folder}, réservé au compte de l'application (700).")


def check_keys() -> Iterator[Finding]:
    folder = default_instance_path()
    for name, subject in KEYS.items():
        variable = SECRET_FILES[name]
        if name == "offline_key.pem":
            path = Path(os.environ.get(variable) or folder / name)
        elif os.environ.get(variable):
            yield _key_from_environment(subject, variable)
            continue
        else:
            path = folder / name
        if not path.is_file():
            yield _warning(subject, f"{path} n'existe pas encore.",
                           "elle est créée au premier démarrage de l'application (lancez-la une fois, puis relancez "
                           "idmix check). Sur plusieurs serveurs, copiez ensuite le même fichier sur chacun.")
            continue
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            yield _error(subject, f"{path} est lisible par d'autres comptes (droits {mode:o}).",
                         f"«\u00a0chmod 600 {path}\u00a0» avec le compte de l'application.")
        else:
            yield _ok(subject, f"{path}, lisible par son propriétaire seulement (600).")


def _key_from_environment(subject: str, variable: str) -> Finding:
    if len(os.environ[variable].strip()) < MIN_SECRET_LENGTH:
        return _error(subject, f"{variable} est trop courte (moins de {MIN_SECRET_LENGTH} caractères).",
                      f"mettez une valeur aléatoire, par exemple celle de «\u00a0openssl rand -base64 48\u00a0», dans {variable}, "
                      "la même sur chaque serveur.")
    return _ok(subject, f"donnée par {variable}.")


def check_database(database: str) -> Iterator[Finding]:
    from shared.health import head_revisions, recorded_revisions

    subject = "Base de données"
    url = make_url(database)
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():
        yield _error(subject, f"le fichier {url.database} n'existe pas.",
                     "lancez «\u00a0idmix init-db\u00a0» (ou vérifiez IDMIX_DATABASE_URL).")
        return
    engine = make_engine(database)
    try:
        recorded = recorded_revisions(engine)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        yield _error(subject, f"{where} ne répond pas ({reason}).",
                     "vérifiez IDMIX_DATABASE_URL et que le serveur PostgreSQL est démarré "
                     "(«\u00a0systemctl status postgresql\u00a0»).")
        return
    finally:
        engine.dispose()
    heads = head_revisions()
    if recorded == heads:
        yield _ok(subject, f"{where} répond, schéma à jour.")
    elif not recorded:
        yield _error(subject, f"{where} répond mais n'a pas encore de schéma.", "lancez «\u00a0idmix init-db\u00a0».")
    elif recorded - _known_revisions():
        yield _error(subject, f"{where} vient d'une version plus récente d'ID'MIX ({', '.join(sorted(recorded))}).",
                     "installez la version d'ID'MIX qui l'a créée, ou restaurez une sauvegarde de cette version.")
    else:
        yield _error(subject, f"{where} répond mais son schéma n'est pas à jour.",
                     "faites une sauvegarde («\u00a0idmix backup\u00a0»), puis «\u00a0idmix init-db\u00a0», puis redémarrez l'application.")


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from shared.migrate import alembic_config

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def check_time_zone() -> Iterator[Finding]:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    subject = "Fuseau horaire"
    try:
        ZoneInfo("Europe/Paris")
    except ZoneInfoNotFoundError:
        yield _error(subject, "le fuseau Europe/Paris est inconnu de ce serveur (heures des séances et des rappels).",
                     "«\u00a0apt-get install tzdata\u00a0».")
        return
    yield _ok(subject, "Europe/Paris connu (dates et heures du centre).")


def check_https() -> Iterator[Finding]:
    from shared.settings import proxies

    subject = "HTTPS et mandataire"
    try:
        count = proxies()
    except ValueError as error:
        yield _error(subject, str(error), "mettez IDMIX_PROXIES=1 derrière un nginx, 0 sans mandataire.")
        return
    base_url = os.environ.get("IDMIX_BASE_URL", "").strip()
    scheme = urlsplit(base_url).scheme
    local = urlsplit(base_url).hostname in ("localhost", "127.0.0.1", None)
    if base_url and scheme not in ("http", "https"):
        yield _error(subject, f"IDMIX_BASE_URL «\u00a0{base_url}\u00a0» n'est pas une adresse web.",
                     "écrivez l'adresse publique, par exemple https://idmix.departement.fr.")
    elif not base_url or (scheme == "http" and local):
        yield _warning(subject, "IDMIX_BASE_URL n'est pas réglée\u00a0: les liens des rappels pointent vers "
                       "http://localhost:5000.", "mettez l'adresse publique, par exemple https://idmix.departement.fr.")
    elif scheme == "http":
        yield _error(subject, f"IDMIX_BASE_URL ({base_url}) est en HTTP\u00a0: mots de passe et cookies en clair.",
                     "servez l'application en HTTPS (nginx, deploy/nginx-idmix.conf) et écrivez https:// dans "
                     "IDMIX_BASE_URL.")
    elif count == 0:
        yield _error(subject, "IDMIX_BASE_URL est en HTTPS mais IDMIX_PROXIES vaut 0\u00a0: l'application ne croit pas "
                     "l'en-tête X-Forwarded-Proto de nginx (cookies sans «\u00a0Secure\u00a0», adresses des "
                     "limitations fausses).", "mettez IDMIX_PROXIES=1 (un nginx devant l'application).")
    else:
        yield _ok(subject, f"{base_url}, derrière {count} mandataire(s) dont l'application croit les en-têtes.")


def check_smtp() -> Iterator[Finding]:
    from shared.messaging.senders.smtp import SmtpSender

    subject = "Courriel (SMTP)"
    if not os.environ.get("IDMIX_SMTP_URL"):
        yield _warning(subject, "IDMIX_SMTP_URL n'est pas réglée\u00a0: les rappels par courriel restent «\u00a0à "
                       "envoyer\u00a0».", "réglez IDMIX_SMTP_URL si vous envoyez des rappels par courriel.")
        return
    try:
        sender = SmtpSender.from_environment()
        sender.check_connection()
    except ValueError as error:
        yield _error(subject, str(error), "corrigez IDMIX_SMTP_URL.")
    except (OSError, smtplib.SMTPException, ssl.SSLError) as error:
        yield _error(subject, f"serveur injoignable ou refus ({type(error).__name__}\u00a0: {error}).",
                     "vérifiez l'adresse, le port, le mot de passe d'IDMIX_SMTP_URL et que le pare-feu laisse "
                     "sortir vers ce port.")
    else:
        yield _ok(subject, f"{sender.host}:{sender.port} répond (rien n'a été envoyé).")


def check_sms() -> Iterator[Finding]:
    from shared.messaging.senders import SMS_PROVIDERS

    subject = "SMS"
    name = (os.environ.get("IDMIX_SMS_PROVIDER") or "").strip().lower()
    if not name:
        yield _ok(subject, "aucun fournisseur réglé (IDMIX_SMS_PROVIDER)\u00a0: pas de rappel par SMS.")
        return
    if name not in SMS_PROVIDERS:  # the provider is not built: that would make the secret key file
        yield _error(subject, f"IDMIX_SMS_PROVIDER\u00a0: fournisseur inconnu «\u00a0{name}\u00a0».",
                     f"écrivez l'un de\u00a0: {', '.join(sorted(SMS_PROVIDERS))} (docs/rappels.md).")
        return
    address = urlsplit(os.environ.get("IDMIX_SMS_API_URL") or SMS_PROVIDERS[name].url)
    port = address.port or (443 if address.scheme == "https" else 80)
    try:
        socket.create_connection((address.hostname, port), timeout=TIMEOUT).close()
    except OSError as error:
        yield _error(subject, f"{address.hostname}:{port} injoignable ({error.strerror or error}).",
                     "vérifiez que le pare-feu laisse sortir vers le fournisseur de SMS en HTTPS.")
    else:
        yield _ok(subject, f"{address.hostname}:{port} joignable (rien n'a été envoyé).")


def check_backup_folder() -> Iterator[Finding]:
    subject = "Dossier des sauvegardes"
    folder = default_instance_path() / "backups"
    try:  # the first backup makes the folder: then its parent must take it
        with tempfile.NamedTemporaryFile(dir=folder if folder.exists() else folder.parent, prefix=".idmix-check-"):
            pass
    except OSError as error:
        yield _error(subject, f"impossible d'écrire dans {folder} ({error.strerror or error}).",
                     f"«\u00a0install -d -m 700 -o <compte de l'application> {folder}\u00a0».")
        return
    yield _ok(subject, f"{folder}, accessible en écriture.")
