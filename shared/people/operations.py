"""A person referred to a group, their record corrected, referred again; exits (``shared.exits.leaving``).

What the domain derives is set here, never typed: the person's group is the group of their latest
referral, their last contact moves forward with each referral, their situation is computed
(``shared.people.status``). The rules are in ``shared.people.rules``.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.errors import ReferralError
from shared.exits.leaving import delete_exit, record_exit, update_exit  # noqa: F401  (their old home)
from shared.groups.models import Group
from shared.people.models import Benefit, Gender, Participant, Referral
from shared.people.rules import (check_attendance_follows_referral, check_referral, check_referrer,  # noqa: F401
                                 person_fields, referral_texts)
from shared.staff.models import StaffMember
from shared.writes import operation


def _latest_contact(*days: dt.date | None) -> dt.date | None:
    return max(filter(None, days), default=None)


def _check_not_anonymised(participant: Participant) -> None:
    if participant.anonymised_on is not None:
        raise ReferralError("Les données de cette personne ont été effacées (anonymisation) : "
                            "sa fiche ne se modifie plus.")


@operation
def refer_participant(
    db: DbSession,
    *,
    first_name: str,
    last_name: str,
    group: Group,
    referrer: StaffMember,
    referred_on: dt.date | None = None,
    gender: Gender = Gender.OTHER,
    birth_year: int | None = None,
    town: str | None = None,
    benefit: Benefit = Benefit.RSA,
    phone: str | None = None,
    consent_on: dt.date | None = None,
    reason: str | None = None,
    expectations: str | None = None,
    actor: StaffMember | None = None,
) -> Participant:
    """A new person referred to a group by a referring social worker: the only way a person is created."""
    referred_on = referred_on or clock.today()
    fields = person_fields(first_name=first_name, last_name=last_name, gender=gender, birth_year=birth_year,
                           town=town, benefit=benefit, phone=phone, consent_on=consent_on,
                           referred_in=referred_on.year)
    referral = Referral(referrer=referrer, group=group, referred_on=referred_on,
                        **referral_texts(reason=reason, expectations=expectations))
    check_referral(referral)
    participant = Participant(group=group, last_contact_on=referred_on, **fields)
    participant.referrals = [referral]
    db.add(participant)
    return participant


@operation
def update_participant(
    db: DbSession,
    participant: Participant,
    *,
    first_name: str,
    last_name: str,
    gender: Gender,
    birth_year: int | None,
    town: str | None,
    benefit: Benefit,
    phone: str | None,
    consent_on: dt.date | None,
    actor: StaffMember | None = None,
) -> Participant:
    """Correct who the person is. Their group changes only by a new referral (``refer_again``)."""
    _check_not_anonymised(participant)
    first = min((r.referred_on for r in participant.referrals), default=clock.today())
    fields = person_fields(first_name=first_name, last_name=last_name, gender=gender, birth_year=birth_year,
                           town=town, benefit=benefit, phone=phone, consent_on=consent_on, referred_in=first.year)
    for name, value in fields.items():
        if getattr(participant, name) != value:
            setattr(participant, name, value)
    return participant


@operation
def refer_again(
    db: DbSession,
    participant: Participant,
    *,
    group: Group,
    referrer: StaffMember,
    referred_on: dt.date | None = None,
    reason: str | None = None,
    expectations: str | None = None,
    actor: StaffMember | None = None,
) -> Referral:
    """A person who left comes back, or moves to another group: their group becomes the new one.

    Their history stays. A closed file is reopened first (``shared.people.files.reopen_file``).
    """
    if participant is None:
        raise ReferralError("Choisissez la personne orientée.", field="participant")
    _check_not_anonymised(participant)
    if participant.closed_on is not None:
        raise ReferralError("Le dossier de cette personne est clos : rouvrez-le depuis sa fiche avant de "
                            "l'orienter à nouveau.", field="participant")
    referral = Referral(  # by id, so that a refused referral is not left in participant.referrals
        participant_id=participant.id,
        referrer=referrer,
        group=group,
        referred_on=referred_on or clock.today(),
        **referral_texts(reason=reason, expectations=expectations),
    )
    check_referral(referral)
    db.add(referral)
    db.flush()
    db.expire(participant, ["referrals"])
    _follow_latest_referral(participant)
    return referral


@operation
def update_referral(
    db: DbSession,
    referral: Referral,
    *,
    referred_on: dt.date | None,
    referrer: StaffMember | None,
    reason: str | None,
    expectations: str | None,
    actor: StaffMember | None = None,
) -> Referral:
    """Correct a referral's date, referring social worker and texts; its group is not changed here."""
    _check_not_anonymised(referral.participant)
    texts = referral_texts(reason=reason, expectations=expectations)
    # checked before the referral itself changes: a refused correction leaves it as it was
    check_referral(SimpleNamespace(referrer=referrer, group_id=referral.group_id, group=referral.group,
                                   referred_on=referred_on))
    check_attendance_follows_referral(db, referral.participant, referral.group_id, [referred_on] + [
        r.referred_on for r in referral.participant.referrals if r.group_id == referral.group_id and r is not referral])
    referral.referred_on = referred_on
    referral.referrer = referrer
    for name, value in texts.items():
        if getattr(referral, name) != value:
            setattr(referral, name, value)
    db.flush()
    _follow_latest_referral(referral.participant)
    return referral


@operation
def delete_referral(db: DbSession, referral: Referral, *, actor: StaffMember | None = None) -> None:
    """A referral entered by mistake; a person keeps at least one, and their group follows the latest."""
    participant = referral.participant
    others = [r for r in participant.referrals if r.id != referral.id]
    if not others:
        raise ReferralError("C'est la seule orientation de la personne : supprimez la fiche de la personne "
                            "si elle a été créée par erreur, ou clôturez son dossier.")
    check_attendance_follows_referral(db, participant, referral.group_id,
                                      [r.referred_on for r in others if r.group_id == referral.group_id], field=None)
    db.delete(referral)
    db.flush()
    db.expire(participant, ["referrals"])
    _follow_latest_referral(participant)


def _follow_latest_referral(participant: Participant) -> None:
    """The person's group is their latest referral's; their last contact is at least its day."""
    latest = max(participant.referrals, key=lambda r: (r.referred_on, r.id))
    if participant.group_id != latest.group_id:
        participant.group = latest.group
    contact = _latest_contact(participant.last_contact_on, latest.referred_on)
    if participant.last_contact_on != contact:
        participant.last_contact_on = contact
