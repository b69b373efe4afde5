"""Unsubscribe links and the SMS provider's webhook: HMAC tokens keyed by the instance's secret key.

Nothing is stored: a token names a consent and proves the link came from us. A new secret key
invalidates the links of e-mails already sent (the person can still be unsubscribed from their page).
"""

from __future__ import annotations

import hashlib
import hmac
import os

from shared.settings import secret_key


def _mac(purpose: str, value: str) -> str:
    key = hashlib.sha256(("idmix-messaging:" + secret_key()).encode()).digest()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def unsubscribe_token(consent_id: int) -> str:
    return f"{consent_id}-{_mac('unsubscribe', str(consent_id))}"


def consent_id_from_token(token: str) -> int | None:
    """The consent a token names, or None when the token is not ours."""
    head, _, mac = (token or "").partition("-")
    if not head.isdigit() or len(head) > 10 or not hmac.compare_digest(mac.encode(), _mac("unsubscribe", head).encode()):
        return None
    return int(head)


def sms_webhook_token() -> str:
    """The secret part of the URL the SMS provider calls with replies (« STOP »)."""
    return os.environ.get("IDMIX_SMS_WEBHOOK_TOKEN") or _mac("sms-webhook", "replies")


def is_sms_webhook_token(token: str) -> bool:
    return hmac.compare_digest((token or "").encode(), sms_webhook_token().encode())  # bytes: any text compares


def base_url() -> str:
    """The address staff and people reach the application at (links in messages)."""
    return (os.environ.get("IDMIX_BASE_URL") or "http://localhost:5000").rstrip("/")
