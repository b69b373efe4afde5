"""SMS through Brevo (ex-Sendinblue), transactional SMS: ``POST https://api.brevo.com/v3/transactionalSMS/send``.

Settings: ``IDMIX_SMS_PROVIDER=brevo``, ``IDMIX_SMS_API_KEY`` (Brevo → SMTP & API → API keys),
``IDMIX_SMS_SENDER`` (11 letters or digits at most, e.g. « IDMIX »), and ``IDMIX_SMS_API_URL`` only
to point elsewhere (tests). Replies: Brevo calls the webhook URL given in ``webUrl`` with the events of
each SMS; a « STOP » reply or an unsubscription withdraws the person's SMS consent (docs/rappels.md).
"""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass

from shared.messaging.senders.base import Outcome
from shared.messaging.tokens import base_url, sms_webhook_token

API_URL = "https://api.brevo.com/v3/transactionalSMS/send"
TIMEOUT = 20  # seconds
STOP_WORDS = {"STOP", "ARRET", "ARRÊT", "STOPSMS"}
UNSUBSCRIBE_EVENTS = {"unsubscribe", "unsubscribed", "blacklisted"}


@dataclass
class BrevoSms:
    api_key: str
    sender: str = "IDMIX"
    url: str = API_URL
    webhook_url: str | None = None

    @classmethod
    def from_environment(cls) -> BrevoSms:
        key = os.environ.get("IDMIX_SMS_API_KEY")
        if not key:
            raise ValueError("IDMIX_SMS_API_KEY manque pour l'envoi des SMS par Brevo.")
        return cls(api_key=key, sender=os.environ.get("IDMIX_SMS_SENDER") or "IDMIX",
                   url=os.environ.get("IDMIX_SMS_API_URL") or API_URL,
                   webhook_url=f"{base_url()}/admin/messages/sms-replies/{sms_webhook_token()}")

    def send(self, address: str, subject: str | None, body: str) -> Outcome:
        payload = {"sender": self.sender, "recipient": address.lstrip("+"), "content": body,
                   "type": "transactional", "unicodeEnabled": True, "tag": "idmix-rappel"}
        if self.webhook_url:
            payload["webUrl"] = self.webhook_url
        request = urllib.request.Request(
            self.url, data=json.dumps(payload).encode(), method="POST",
            headers={"api-key": self.api_key, "accept": "application/json", "content-type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            code = _error_code(error)
            # 429 and 5xx: Brevo kept nothing, try again; other 4xx: refused (bad number, no credits…).
            return Outcome(False, f"Brevo HTTP {error.code}{' ' + code if code else ''}",
                           retry=error.code == 429 or error.code >= 500)
        except urllib.error.URLError as error:
            if isinstance(error.reason, (socket.timeout, TimeoutError)):
                return Outcome(False, "Brevo : pas de réponse à temps, envoi incertain : pas de nouvel essai")
            return Outcome(False, f"Brevo injoignable : {type(error.reason).__name__}", retry=True)
        except (socket.timeout, TimeoutError):
            return Outcome(False, "Brevo : pas de réponse à temps, envoi incertain : pas de nouvel essai")
        except ValueError:
            return Outcome(True, "Brevo : accepté (réponse illisible)")
        return Outcome(True, f"Brevo messageId {answer.get('messageId', '?')}")

    @staticmethod
    def parse_reply(payload: dict) -> tuple[str | None, bool]:
        """(the person's number in international form, whether they asked to stop) from a webhook call."""
        number = next((str(payload[key]) for key in ("from", "to", "recipient", "phone", "msisdn")
                       if payload.get(key)), None)
        text = str(payload.get("reply") or payload.get("text") or payload.get("message") or "")
        event = str(payload.get("event") or payload.get("msg_status") or payload.get("status") or "").lower()
        word = text.strip().upper().rstrip(".!")
        stop = word in STOP_WORDS or event in UNSUBSCRIBE_EVENTS
        if number and not number.startswith("+"):
            number = "+" + number.lstrip("0")
        return number, stop


def _error_code(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read() or b"{}").get("code") or "")[:60]
    except (ValueError, OSError):
        return ""
