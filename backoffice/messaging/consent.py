"""A person's consent to reminders, per channel: give it (address, day), withdraw it. Shown on their page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField, StringField

from shared import clock
from shared.errors import DomainError
from shared.messaging.models import Channel, MessageConsent, Withdrawal
from shared.messaging.operations import record_consent, withdraw_consent
from shared.people.models import Participant

from ..core.actions import ActionView, form_level_errors, model_url, scoped_or_404, show_domain_error
from ..core.fields import choices, required_date
from ..extensions import db


class ConsentForm(FlaskForm):
    channel = RadioField("Par", choices=choices(Channel.choices()), default=Channel.SMS.value)
    address = StringField("Numéro de portable ou adresse e-mail")
    given_on = required_date("Consentement donné le")


class WithdrawForm(FlaskForm):
    """The CSRF token of the « Retirer » buttons."""


class ConsentView(ActionView):
    @expose("/<int:participant_id>", methods=("GET", "POST"))
    def manage(self, participant_id: int):
        participant = scoped_or_404(Participant, participant_id)
        form = ConsentForm()
        if not form.is_submitted():
            form.given_on.data = clock.today()
            form.address.data = participant.phone
        if form.validate_on_submit():
            channel = Channel(form.channel.data)
            try:
                record_consent(db.session, participant, channel=channel, address=form.address.data,
                               given_on=form.given_on.data)
            except DomainError as error:
                show_domain_error(form, error)
                participant = scoped_or_404(Participant, participant_id)
            else:
                flash(f"{participant.kiosk_name} recevra les rappels par {channel.in_sentence}.", "success")
                return redirect(url_for(".manage", participant_id=participant.id))
        consents = db.session.scalars(select(MessageConsent).where(MessageConsent.participant_id == participant.id)
                                      .order_by(MessageConsent.channel)).all()
        return self.render("messaging/consent.html", participant=participant, form=form, consents=consents,
                           withdraw_form=WithdrawForm(), errors=form_level_errors(form),
                           details_url=model_url("participant.details_view", id=participant.id),
                           messages_url=model_url("message.index_view", flt0_personne_equals=participant.id))

    @expose("/<int:participant_id>/withdraw/<channel>", methods=("POST",))
    def withdraw(self, participant_id: int, channel: str):
        participant = scoped_or_404(Participant, participant_id)
        if WithdrawForm().validate_on_submit() and channel in {c.value for c in Channel}:
            consent = db.session.scalar(select(MessageConsent).where(
                MessageConsent.participant_id == participant.id, MessageConsent.channel == Channel(channel)))
            if consent is not None and consent.withdrawn_on is None:
                withdraw_consent(db.session, consent, how=Withdrawal.STAFF)
                flash(f"{participant.kiosk_name} ne recevra plus de messages par {consent.channel.in_sentence}.", "success")
        return redirect(url_for(".manage", participant_id=participant.id))
