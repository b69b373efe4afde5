"""What a person's record and a referral must look like: plausible, within the screens' lengths.

Each check raises ``ReferralError`` (a ``DomainError``) with a French message on its form field.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.rules import check_referrer_job
from shared.dates import fr
from shared.errors import ContractRuleError, ReferralError
from shared.people.models import Benefit, Gender, Participant
from shared.sessions.models import Attendance, Session
from shared.staff.models import StaffMember
from shared.text import NAME, SHORT, TEXT, clean_text

EARLIEST_BIRTH_YEAR = 1900
ADULT_AGE = 18  # the group is for adults on minimum benefits

_SEPARATORS = re.compile(r"[\s.\-]")
_FRENCH = re.compile(r"0[0-9]{9}")
_INTERNATIONAL = re.compile(r"\+[0-9]{8,15}")
PHONE_FORMAT = ("Indiquez un numéro de téléphone français à 10 chiffres (06 12 34 56 78) "
                "ou international commençant par + (+32 470 12 34 56).")


def check_birth_year(birth_year: int | None, *, referred_in: int) -> int | None:
    """An adult (18 or more in the year of the referral), born in 1900 or after; unknown is allowed."""
    if birth_year is None:
        return None
    if birth_year < EARLIEST_BIRTH_YEAR:
        raise ReferralError(f"L'année de naissance doit être {EARLIEST_BIRTH_YEAR} ou après "
                            f"({birth_year} saisi).", field="birth_year")
    latest = referred_in - ADULT_AGE
    if birth_year > latest:
        raise ReferralError(
            f"La personne doit être majeure l'année de son orientation ({referred_in}) : "
            f"l'année de naissance est {latest} ou avant ({birth_year} saisi).", field="birth_year")
    return birth_year


def normalise_phone(phone: str | None) -> str | None:
    """A French number as « 06 12 34 56 78 », an international one as « +3247012345 »; empty is allowed."""
    text = clean_text(phone, limit=SHORT, field="phone", label="le téléphone")
    if text is None:
        return None
    digits = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    if _FRENCH.fullmatch(digits):
        return " ".join(digits[i:i + 2] for i in range(0, 10, 2))
    if _INTERNATIONAL.fullmatch(digits):
        return digits
    raise ReferralError(PHONE_FORMAT, field="phone")


def check_consent_on(consent_on: dt.date | None, today: dt.date | None = None) -> dt.date | None:
    if consent_on is not None and consent_on > (today or clock.today()):
        raise ReferralError("La date du consentement ne peut pas être dans le futur.", field="consent_on")
    return consent_on


def check_choice(value, kind: type, *, field: str, label: str):
    if not isinstance(value, kind):
        raise ReferralError(f"Choisissez {label}.", field=field)
    return value


def person_fields(*, first_name, last_name, gender, birth_year, town, benefit, phone, consent_on,
                  referred_in: int) -> dict:
    """The person's own fields, checked and cleaned, as the model's attributes."""
    return dict(
        first_name=clean_text(first_name, limit=NAME, field="first_name", label="le prénom", required=True),
        last_name=clean_text(last_name, limit=NAME, field="last_name", label="le nom", required=True),
        gender=check_choice(gender, Gender, field="gender", label="le genre"),
        birth_year=check_birth_year(birth_year, referred_in=referred_in),
        town=clean_text(town, limit=SHORT, field="town", label="la commune"),
        benefit=check_choice(benefit, Benefit, field="benefit", label="le minimum social"),
        phone=normalise_phone(phone),
        consent_on=check_consent_on(consent_on),
    )


def referral_texts(*, reason, expectations) -> dict:
    return dict(
        reason=clean_text(reason, limit=TEXT, field="reason", label="le motif"),
        expectations=clean_text(expectations, limit=TEXT, field="expectations", label="les attentes"),
    )


def check_referrer(referrer: StaffMember | None) -> None:
    if referrer is None:
        raise ReferralError("Choisissez le travailleur social qui oriente la personne.", field="referrer")
    try:
        check_referrer_job(referrer, field="referrer")
    except ContractRuleError as error:
        raise ReferralError(error.message, field="referrer") from None


def check_referral(referral, today: dt.date | None = None) -> None:
    """A referral names a referring social worker, a group and a day that is not in the future."""
    check_referrer(referral.referrer)
    if referral.group is None and referral.group_id is None:
        raise ReferralError("Choisissez le groupe.", field="group")
    if referral.referred_on is None:
        raise ReferralError("Indiquez la date de l'orientation.", field="referred_on")
    if referral.referred_on > (today or clock.today()):
        raise ReferralError("La date d'orientation ne peut pas être dans le futur.", field="referred_on")


def check_attendance_follows_referral(db: DbSession, participant: Participant, group_id: int, referred_on_days,
                                      *, field: str | None = "referred_on") -> None:
    """A referral to a group is neither dated after, nor removed from before, the person's attendance at its
    sessions (no attendance before the referral: ``sessions.rules.check_in_group_on``). ``referred_on_days``:
    the days of the person's referrals to that group once the change is made."""
    first = min(referred_on_days, default=None)
    with db.no_autoflush:
        earliest = db.scalar(select(func.min(Session.held_on)).join(Attendance, Attendance.session_id == Session.id)
                             .where(Attendance.participant_id == participant.id, Session.group_id == group_id))
    if earliest is not None and (first is None or earliest < first):
        raise ReferralError(
            f"{participant.full_name} a une présence notée à la séance du {fr(earliest)} : son orientation vers "
            f"ce groupe date de ce jour-là au plus tard.",
            field=field,
        )
