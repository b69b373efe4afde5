"""Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies").

After a successful sign-in the browser receives a signed cookie naming the account and a random
nonce. At the next sign-in, a browser that shows a valid one for the account typed is judged on
its own failures only (``shared.staff.throttling.DEVICE``): the delays that anybody can cause by
sending wrong passwords for a colleague's address never keep her out of her usual browser. The
cookie proves nothing by itself: the right password is still required. One cookie holds the last
few accounts signed in from the browser (a shared office computer); each success renews its nonce.
"""

from __future__ import annotations

import datetime as dt
import secrets

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "idmix_device"
LIFETIME = dt.timedelta(days=180)
MAX_ACCOUNTS = 5  # colleagues who share one computer


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="idmix-device-cookie")


def trusted_devices() -> dict[int, str]:
    """{account id: nonce} from this browser's device cookie; empty when it is missing, forged or too old."""
    raw = request.cookies.get(COOKIE_NAME)
    if not raw or len(raw) > 2048:
        return {}
    try:
        entries = _serializer().loads(raw, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return {}
    if not isinstance(entries, list):
        return {}
    return {entry[0]: entry[1] for entry in entries
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int) and isinstance(entry[1], str)}


def remember(response: Response, staff_id: int, devices: dict[int, str]) -> None:
    """Give the browser a new nonce for ``staff_id``, keeping the other accounts it holds (the latest first)."""
    entries = [[staff_id, secrets.token_urlsafe(24)]]
    entries += [[other, nonce] for other, nonce in devices.items() if other != staff_id][:MAX_ACCOUNTS - 1]
    response.set_cookie(
        COOKIE_NAME, _serializer().dumps(entries), max_age=int(LIFETIME.total_seconds()),
        path=request.script_root + "/login", httponly=True, samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")) or request.is_secure)
