"""Activate a tablet: a one-time enrolment code for a group, shown once on screen, never again.

The code exists in clear only in the answer to the POST that creates it (not in the session
cookie, a flash message, a log or the database, which keeps its SHA-256). That answer is sent
with ``Cache-Control: no-store`` so the browser's back button does not bring it back.
"""

from __future__ import annotations

from flask import current_app, make_response, request
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField
from wtforms.validators import InputRequired

from shared import clock
from shared.alphabetical import alphabetical
from shared.errors import DomainError
from shared.groups.models import Group
from shared.kiosk.operations import create_enrolment_code
from shared.kiosk.queries import pending_enrolment_codes
from shared.kiosk.times import aware

from ..core.actions import ActionView, form_level_errors, scoped, scoped_or_404, show_domain_error
from ..core.base import current_staff
from ..core.fields import choices
from ..extensions import db


class EnrolmentCodeForm(FlaskForm):
    # Out-of-scope ids are answered 404 by the view, so WTForms' English "Not a valid choice" never shows.
    group = SelectField("Groupe de la tablette", coerce=int, validate_choice=False,
                        validators=[InputRequired("Choisissez le groupe de la tablette.")])


def local(moment):
    """A stored timestamp in the centre's time."""
    return aware(moment).astimezone(clock.CENTRE_TZ)


def kiosk_url() -> str:
    """Where the tablet opens the kiosk: ``KIOSK_URL`` (env ``IDMIX_BACKOFFICE_KIOSK_URL``), else /kiosk/ here."""
    return current_app.config.get("KIOSK_URL") or request.host_url + "kiosk/"


class EnrolmentCodeView(ActionView):
    in_menu = True

    @expose("/", methods=("GET", "POST"))
    def index(self):
        groups = list(db.session.scalars(
            scoped(select(Group).where(Group.active.is_(True)), Group).order_by(*alphabetical(Group.name))))
        form = EnrolmentCodeForm()
        form.group.choices = choices((g.id, g.name) for g in groups)
        if request.method == "GET" and request.args.get("group", type=int) in {g.id for g in groups}:
            form.group.data = request.args.get("group", type=int)
        issued = group = None
        if form.validate_on_submit():
            group = scoped_or_404(Group, form.group.data)
            try:
                issued = create_enrolment_code(db.session, group=group, actor=current_staff(), now=clock.now())
            except DomainError as error:
                show_domain_error(form, error)
        now = clock.now()
        pending = [(g, code) for g in groups for code in db.session.scalars(pending_enrolment_codes(g.id, now))]
        page = self.render("kiosk/kiosk_enrolment.html", form=form, issued=issued, group=group,
                           pending=pending, local=local, kiosk_url=kiosk_url(),
                           errors=form_level_errors(form), no_group=not groups)
        response = make_response(page)
        response.headers["Cache-Control"] = "no-store"
        return response
