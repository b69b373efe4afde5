"""Reminders in the back-office: consent on the person's page, the unsubscribe link, SMS « STOP »,
notices of a cancelled session, messages per person and session within each role's scope, closures."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from shared.messaging.models import Channel, Message, MessageConsent, MessageKind, MessageState, Withdrawal
from shared.messaging.operations import record_consent
from shared.messaging.tokens import sms_webhook_token, unsubscribe_token
from shared.staff.models import Role
from backoffice.extensions import db as bo_db
from tests.backoffice.actions_fixtures import other_world, world  # noqa: F401
from tests.factories import Factory
from tests.isolation import isolated_session


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def _keys(monkeypatch):
    monkeypatch.setenv("IDMIX_SECRET_KEY", "cle-secrete-des-tests-de-messages")
    monkeypatch.setenv("IDMIX_BASE_URL", "https://idmix.cd.example.fr")


def consent(db, person, channel=Channel.SMS, address="06 12 34 56 78"):
    return record_consent(db, person, channel=channel, address=address, given_on=dt.date(2026, 3, 1))


def test_consent_is_given_and_withdrawn_from_the_person_s_page(world, login_as, db):
    client = login_as(world.facilitator)
    page = text(client.get(f"/participant/details/?id={world.participant.id}"))
    assert f"/actions/consent/{world.participant.id}" in page and "Rappels SMS / e-mail" in page
    page = text(client.get(f"/actions/consent/{world.participant.id}"))
    assert "Aucun accord : la personne ne reçoit aucun message." in page
    refused = text(client.post(f"/actions/consent/{world.participant.id}",
                               data={"channel": "sms", "address": "01 23 45 67 89", "given_on": "01/03/2026"}))
    assert "Ce numéro n'est pas un portable" in refused
    response = client.post(f"/actions/consent/{world.participant.id}",
                           data={"channel": "sms", "address": "06 12 34 56 78", "given_on": "01/03/2026"})
    assert response.status_code == 302
    db.expire_all()
    row = db.scalars(select(MessageConsent).where(MessageConsent.participant_id == world.participant.id)).one()
    assert (row.channel, row.address, row.given_on, row.withdrawn_on) == (
        Channel.SMS, "+33612345678", dt.date(2026, 3, 1), None)
    assert "recevra les rappels par SMS" in text(client.get(f"/actions/consent/{world.participant.id}"))
    client.post(f"/actions/consent/{world.participant.id}/withdraw/sms")
    db.expire_all()
    assert row.withdrawn_on is not None and row.withdrawn_how is Withdrawal.STAFF


def test_a_referrer_cannot_change_consent_nor_see_another_s_person(world, other_world, login_as):
    assert login_as(world.referrer).get(f"/actions/consent/{world.participant.id}").status_code == 403
    assert login_as(world.facilitator).get(f"/actions/consent/{other_world.participant.id}").status_code == 404


def test_the_unsubscribe_link_asks_then_withdraws_without_sign_in(csrf_app, today):
    with isolated_session(csrf_app, bo_db) as db:  # CSRF checks on: the one-click POST carries no form token
        row = consent(db, Factory(db).participant(first_name="Fatima"), Channel.EMAIL, "fatima@example.fr")
        db.commit()
        client = csrf_app.test_client()
        link = f"/messages/unsubscribe/{unsubscribe_token(row.id)}"
        page = text(client.get(link))
        assert "Ne plus recevoir d'e-mails" in page and "Fatima" not in page
        db.expire_all()
        assert row.withdrawn_on is None  # opening the link (a mail scanner does) changes nothing
        # The mail program's one-click button (RFC 8058) posts without our form token.
        response = client.post(link, data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200 and "vous ne recevrez plus nos e-mails" in text(response)
        db.expire_all()
        assert row.withdrawn_how is Withdrawal.LINK
        assert client.get(f"/messages/unsubscribe/{row.id}-{'0' * 32}").status_code == 404
        assert client.post("/messages/unsubscribe/abc").status_code == 404


def test_an_sms_stop_reply_withdraws_the_sms_consent(world, db, app, monkeypatch):
    monkeypatch.setenv("IDMIX_SMS_PROVIDER", "brevo")
    monkeypatch.setenv("IDMIX_SMS_API_KEY", "cle")
    row = consent(db, world.participant)
    db.commit()
    client = app.test_client()
    assert client.post("/messages/sms-replies/faux", json={"from": "33612345678", "reply": "STOP"}).status_code == 404
    client.post(f"/messages/sms-replies/{sms_webhook_token()}", json={"from": "33612345678", "reply": "Merci"})
    db.expire_all()
    assert row.withdrawn_on is None
    response = client.post(f"/messages/sms-replies/{sms_webhook_token()}",
                           json={"event": "replied", "from": "33612345678", "reply": "Stop"})
    assert response.status_code == 200
    db.expire_all()
    assert row.withdrawn_how is Withdrawal.STOP


def test_a_cancelled_session_offers_a_notice_with_its_preview(world, make, db, login_as, today):
    session = make.session(world.group, held_on=today + dt.timedelta(days=2), cancelled=True,
                           cancel_reason="Salle indisponible")
    consent(db, world.participant)
    silent = make.participant(world.group, first_name="Gérard", last_name="Petit")
    client = login_as(world.facilitator)
    assert f"/actions/session-notice/{session.id}" in text(client.get(f"/session/details/?id={session.id}"))
    page = text(client.get(f"/actions/session-notice/{session.id}"))
    assert "Séance annulée : prévenir les participants" in page
    assert "est annulée. Motif : Salle indisponible." in page
    assert "Fatima Benali : par SMS" in page  # full names: staff call them
    assert f'{silent.full_name} : <span class="text-muted">pas d\'accord pour les messages' in page
    assert "Prévenir 1 personne(s)" in page
    assert "1 message(s) prêt(s)" in text(client.post(f"/actions/session-notice/{session.id}", follow_redirects=True))
    assert "déjà reçu ce message" in text(client.post(f"/actions/session-notice/{session.id}", follow_redirects=True))
    db.expire_all()
    [message] = db.scalars(select(Message).where(Message.session_id == session.id)).all()
    assert (message.kind, message.state, message.participant_id) == (
        MessageKind.CANCELLATION, MessageState.PENDING, world.participant.id)


def _message(db, person, key, **kw):
    row = Message(kind=MessageKind.EVE_REMINDER, channel=Channel.SMS, dedup_key=key, participant_id=person.id if person else None,
                  address="+33600000000", body="Texte", state=MessageState.SENT, **kw)
    db.add(row)
    db.flush()
    return row


def test_messages_are_listed_per_person_within_each_role_s_scope(world, other_world, make, db, login_as):
    _message(db, world.participant, "a")
    _message(db, other_world.participant, "b", provider_answer="Brevo HTTP 400 invalid_parameter")
    digest = Message(kind=MessageKind.DIGEST, channel=Channel.EMAIL, dedup_key="d", staff_id=world.referrer.id,
                     address=world.referrer.email, body="Point", state=MessageState.PENDING)
    db.add(digest)
    db.flush()
    admin = make.staff(Role.ADMIN)
    seen = {}
    for who in (admin, world.facilitator, world.referrer, other_world.referrer):
        page = text(login_as(who).get("/message/"))
        seen[who.id] = ("Fatima B." in page, "Jean D." in page, world.referrer.full_name in page)
    assert seen[admin.id] == (True, True, True)
    assert seen[world.facilitator.id] == (True, False, False)
    assert seen[world.referrer.id] == (True, False, True)
    assert seen[other_world.referrer.id] == (False, True, False)
    page = text(login_as(admin).get(f"/message/?flt0_personne_equals={other_world.participant.id}"))
    assert "Jean D." in page and "Fatima B." not in page and "Brevo HTTP 400 invalid_parameter" in page
    assert "+33600000000" not in page  # addresses only on a message's own page
    assert login_as(world.facilitator).get("/message/new/").status_code in (302, 403, 404)


def test_group_reminder_times_and_region_are_set_on_the_group_form(world, make, db, login_as):
    admin = make.staff(Role.ADMIN)
    group = world.group
    data = {"name": group.name, "district": group.district, "location": group.location, "started_on": "12/04/2007",
            "meeting_weeks": "2,4", "weekday": "3", "meets_from": "14:00", "meets_until": "17:00",
            "trial_allowance": "3", "checkin_opens_before": "30", "requires_pin": "y", "active": "y",
            "reminder_at": "17:30", "morning_reminder_at": "09:00", "holiday_region": "57"}
    response = login_as(admin).post(f"/group/edit/?id={group.id}", data=data)
    assert response.status_code == 302, text(response)[:2000]
    db.expire_all()
    assert (group.reminder_at, group.morning_reminder_at, group.holiday_region) == (
        dt.time(17, 30), dt.time(9, 0), "57")
    data["morning_reminder_at"] = "15:00"
    page = text(login_as(admin).post(f"/group/edit/?id={group.id}", data=data))
    assert "Le rappel du matin doit partir avant le début de la séance." in page


def test_a_closure_made_in_the_back_office_is_skipped_by_the_schedule_with_its_reason(world, db, login_as):
    client = login_as(world.facilitator)
    response = client.post("/group_closure/new/", data={"group": str(world.group.id), "label": "Congés d'été",
                                                        "starts_on": "13/07/2026", "ends_on": "23/08/2026"})
    assert response.status_code == 302, text(response)[:2000]
    page = text(client.post("/actions/schedule/", data={"group": str(world.group.id), "start": "01/07/2026",
                                                         "end": "31/08/2026"}))
    assert "Fermeture : Congés d'été (du 13/07/2026 au 23/08/2026)" in page
    assert "jeudi 23 juillet 2026" in page and "jeudi 9 juillet 2026" not in page.split('id="skipped"')[1]
