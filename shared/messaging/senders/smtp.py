"""E-mail through an SMTP server (standard library ``smtplib``).

``IDMIX_SMTP_URL``: ``smtp://user:password@host:587`` (STARTTLS, required), ``smtps://…:465`` (TLS from
the start), or ``smtp://host:25?starttls=no`` for a relay on the same machine. ``IDMIX_SMTP_FROM``: the
sender's address (« ID'MIX <rappels@exemple.fr> »). ``IDMIX_SMTP_CA_FILE``: a CA bundle for a server
whose certificate an internal authority signed.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

from shared import clock
from shared.messaging.senders.base import Outcome
from shared.messaging.texts import UNSUBSCRIBE_LEAD
from shared.messaging.tokens import base_url

TIMEOUT = 30  # seconds
# Header lines up to RFC 5322's hard limit (998): with the default 78, the ``email`` package RFC 2047-encodes a
# token it cannot fold, and ``List-Unsubscribe: <https://…>`` arrived as ``=?utf-8?q?=3Chttps…?=``, which no
# mail program's « Se désabonner » reads (RFC 2369 wants the URL as is). The body stays quoted-printable.
MAIL_POLICY = policy.default.clone(max_line_length=998)


@dataclass
class SmtpSender:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    mode: str = "starttls"  # "starttls", "tls" or "plain"
    from_address: str = "ID'MIX <no-reply@localhost>"
    ca_file: str | None = None

    @classmethod
    def from_url(cls, url: str, *, from_address: str | None = None, ca_file: str | None = None) -> SmtpSender:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("IDMIX_SMTP_URL : écrivez smtp://utilisateur:motdepasse@serveur:587")
        query = parse_qs(parts.query)
        mode = "tls" if parts.scheme == "smtps" else "starttls"
        if query.get("starttls", ["yes"])[0].lower() in ("no", "non", "0", "false"):
            mode = "plain"
        return cls(host=parts.hostname, port=parts.port or (465 if mode == "tls" else 587),
                   username=unquote(parts.username) if parts.username else None,
                   password=unquote(parts.password) if parts.password else None, mode=mode,
                   from_address=from_address or cls.from_address, ca_file=ca_file)

    @classmethod
    def from_environment(cls) -> SmtpSender:
        return cls.from_url(os.environ["IDMIX_SMTP_URL"], from_address=os.environ.get("IDMIX_SMTP_FROM"),
                            ca_file=os.environ.get("IDMIX_SMTP_CA_FILE"))

    def _context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    def _connect(self) -> smtplib.SMTP:
        if self.mode == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=TIMEOUT, context=self._context())
        client = smtplib.SMTP(self.host, self.port, timeout=TIMEOUT)
        if self.mode == "starttls":
            client.starttls(context=self._context())
        return client

    @property
    def domain(self) -> str:
        """The sender's domain (« rappels@cd.example.fr » → « cd.example.fr »), else the application's host."""
        sender = parseaddr(self.from_address)[1]
        domain = sender.rpartition("@")[2] if "@" in sender else ""
        if domain and domain != "localhost":
            return domain
        return urlsplit(base_url()).hostname or "localhost"

    def check_connection(self) -> None:
        """Connect, secure and sign in as a send would, then leave without sending (``idmix check``);
        ``OSError`` or ``smtplib.SMTPException`` when the server cannot be reached or refuses."""
        with self._connect() as client:
            if self.username:
                client.login(self.username, self.password or "")
            client.noop()

    def build(self, address: str, subject: str | None, body: str, unsubscribe_url: str | None = None) -> EmailMessage:
        message = EmailMessage(policy=MAIL_POLICY)
        message["From"] = self.from_address
        message["To"] = address
        message["Subject"] = subject or "ID'MIX"
        message["Date"] = format_datetime(clock.now())  # RFC 5322 requires it; without, 1 January 1970
        message["Message-ID"] = make_msgid(domain=self.domain)
        if unsubscribe_url:  # RFC 2369 and 8058: mail programs show a « Se désabonner » button
            message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(body, cte="quoted-printable")
        return message

    def send(self, address: str, subject: str | None, body: str) -> Outcome:
        unsubscribe = next((line[len(UNSUBSCRIBE_LEAD):] for line in body.splitlines()
                            if line.startswith(UNSUBSCRIBE_LEAD)), None)
        message = self.build(address, subject, body, unsubscribe)
        try:
            client = self._connect()
        except (OSError, smtplib.SMTPException) as error:  # nothing left: try again later
            return Outcome(False, f"Serveur SMTP injoignable : {type(error).__name__}", retry=True)
        try:
            with client:
                if self.username:
                    client.login(self.username, self.password or "")
                refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused:
            return Outcome(False, "Adresse refusée par le serveur SMTP")
        except smtplib.SMTPResponseException as error:
            # 4xx: temporary, the server kept nothing; 5xx: refused for good.
            return Outcome(False, f"SMTP {error.smtp_code}", retry=400 <= error.smtp_code < 500)
        except (smtplib.SMTPException, socket.timeout, OSError) as error:
            # Cut during the exchange: it may have been accepted. Never risk a second copy.
            return Outcome(False, f"Connexion SMTP interrompue ({type(error).__name__}) : pas de nouvel essai")
        if refused:
            return Outcome(False, "Adresse refusée par le serveur SMTP")
        return Outcome(True, f"Accepté par {self.host} ({message['Message-ID']})")
