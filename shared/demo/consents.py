"""Demo consents to reminders: some people agreed to SMS, some to e-mail, one said STOP."""

from __future__ import annotations

import datetime as dt
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared.messaging.models import Channel, Withdrawal
from shared.messaging.operations import record_consent, withdraw_consent
from shared.people.models import Participant
from shared.people.queries import may_attend_condition


def add_demo_consents(db: DbSession, group, today: dt.date) -> None:
    """Every second person expected agrees to SMS (at their phone), every third to e-mail; one withdrew."""
    people = db.scalars(select(Participant).where(Participant.group_id == group.id, may_attend_condition(),
                                                  Participant.phone.is_not(None))
                        .order_by(Participant.id)).all()
    given_on = today - dt.timedelta(days=30)
    for index, person in enumerate(people):
        if index % 2 == 0 and person.phone.replace(" ", "")[:2] in ("06", "07"):
            consent = record_consent(db, person, channel=Channel.SMS, address=person.phone, given_on=given_on)
            if index == 4:
                withdraw_consent(db, consent, how=Withdrawal.STOP)
        if index % 3 == 0:
            plain = unicodedata.normalize("NFKD", person.first_name.lower()).encode("ascii", "ignore").decode()
            address = f"{plain.replace(' ', '')}.{person.id}@exemple.fr"
            record_consent(db, person, channel=Channel.EMAIL, address=address, given_on=given_on)
