"""Only an enrolled tablet may use the kiosk: one check before every request, and activation.

Staff create a one-time code for a group (``idmix enrol-tablet --group ID``); the tablet types it
once on /activer and keeps a long-lived device cookie. Without one, every screen says
"Cette tablette n'est pas activée" and accepts nothing.
"""

from __future__ import annotations

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for

from shared import clock
from shared.db import act_as, tablet_label
from shared.kiosk.errors import EnrolmentRefused
from shared.kiosk.operations import enrol_device, device_for_token

from .cookies import device_token, set_device_cookie
from .extensions import db
from .forms import field
from .transactions import SAVE_FAILED, on_save_failure

bp = Blueprint("device", __name__)

OPEN_ENDPOINTS = {"static", "device.activate", "device.enrol"}
MAX_CODE_LENGTH = 40


@bp.get("/activer")
def activate():
    return render_template("activate.html", code="", name="", error=None)


@bp.post("/activer")
def enrol():
    code = field("code", MAX_CODE_LENGTH)
    name = field("name", 80)
    on_save_failure(lambda: render_template("activate.html", code=code, name=name, error=SAVE_FAILED))
    try:
        enrolment = enrol_device(db.session, code=code, name=name, now=clock.now())
    except EnrolmentRefused as refusal:
        return render_template("activate.html", code=code, name=name, error=refusal.message), 400
    response = redirect(url_for("home.index"))
    set_device_cookie(response, enrolment.token)
    return response


def init_app(app: Flask) -> None:
    @app.before_request
    def _require_enrolled_device():
        g.device = None
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        device = device_for_token(db.session, device_token())
        if device is None:
            return render_template("not_enrolled.html"), 403
        g.device = device
        act_as(db.session, label=tablet_label(device.name))  # the journal's « Par »: « Tablette … »
        return None
