"""Public pages of the messages, no sign-in (the token decides): unsubscribe from e-mails, SMS replies.

- ``GET /messages/unsubscribe/<token>``: a page with one button (mail scanners open links: a GET
  changes nothing); ``POST`` withdraws the e-mail consent, from that button or from the mail
  program's own « Se désabonner » (RFC 8058 one-click, without our form token: the link's token is the proof).
- ``POST /messages/sms-replies/<webhook token>``: the SMS provider's webhook; « STOP » withdraws the SMS consent.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from shared.db import act_as
from shared.messaging.operations import withdraw_by_token, withdraw_sms_number
from shared.messaging.senders import sms_provider
from shared.messaging.tokens import consent_id_from_token, is_sms_webhook_token

from ..extensions import csrf, db

bp = Blueprint("messages_public", __name__, url_prefix="/messages")
csrf.exempt(bp)


UNSUBSCRIBE_ACTOR = "Lien de désinscription (e-mail)"
SMS_STOP_ACTOR = "Réponse «\u00a0STOP\u00a0» par SMS"


@bp.route("/unsubscribe/<token>", methods=("GET", "POST"))
def unsubscribe(token: str):
    if consent_id_from_token(token) is None:
        abort(404)
    if request.method == "GET":
        return render_template("messaging/unsubscribe.html", token=token, done=False)
    act_as(db.session, label=UNSUBSCRIBE_ACTOR)  # the journal's « Par »: nobody is signed in
    consent = withdraw_by_token(db.session, token)
    if consent is None:
        abort(404)
    return render_template("messaging/unsubscribe.html", token=token, done=True)


@bp.route("/sms-replies/<token>", methods=("POST",))
def sms_replies(token: str):
    if not is_sms_webhook_token(token):
        abort(404)
    try:
        provider = sms_provider()
    except ValueError:
        provider = None
    if provider is None or not hasattr(provider, "parse_reply"):
        abort(404)
    payload = request.get_json(silent=True) or request.form.to_dict()
    number, stop = provider.parse_reply(payload if isinstance(payload, dict) else {})
    if stop and number:
        act_as(db.session, label=SMS_STOP_ACTOR)
        withdraw_sms_number(db.session, number)
    return {"ok": True}
