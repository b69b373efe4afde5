"""A person with a full journey, for the attestation tests: sessions attended (and one missed), a contract
reviewed with one objective reached, and things an attestation must never say (a benefit, a referral's reason,
the referrer, an absence, a review's comments and next steps)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.contracts.models import ObjectiveStatus
from shared.people.models import Benefit
from shared.reviews.models import ContractReview, ObjectivePosition, ReviewKind
from shared.sessions.models import AttendanceStatus
from tests.factories import set_up

REACHED = "Prendre le bus seule pour venir au groupe"
NOT_REACHED = "Préparer un CV avec la CIP"
SECRETS = ("RSA", "Isolement depuis le décès de son mari", "Dupuis-Secret", "Voir la CAF pour le dossier",
           "Commentaire confidentiel du bilan", "Sorties", "Absent", NOT_REACHED)


@dataclass
class FullJourney:
    group: object
    person: object
    facilitator: object
    referrer: object
    contract: object


def full_journey(make, db, *, group=None) -> FullJourney:
    group = group or make.group(name=f"ID'MIX {make._n()}", location="CMS des Tilleuls", district="Nord")
    facilitator = make.facilitator(group, first_name="Claire", last_name="Animatrice")
    referrer = make.referrer(first_name="Jeanne", last_name="Dupuis-Secret")
    person = make.participant(group=group, referrer=referrer, first_name="Aïcha", last_name="Traoré",
                              benefit=Benefit.RSA, referred_on=dt.date(2025, 1, 10))
    person.referrals[0].reason = "Isolement depuis le décès de son mari"
    set_up(db, person.referrals[0])
    cooking = make.theme(name=f"Cuisine {make._n()}", pictogram="cuisine")
    garden = make.theme(name=f"Jardinage {make._n()}", pictogram="jardinage")
    outing = make.theme(name=f"Sorties {make._n()}", pictogram="sorties")
    for day, theme in ((dt.date(2025, 2, 13), cooking), (dt.date(2025, 2, 27), garden),
                       (dt.date(2025, 3, 13), cooking), (dt.date(2025, 3, 27), garden)):
        make.attendance(make.session(group=group, held_on=day, theme=theme), person)
    missed = make.session(group=group, held_on=dt.date(2025, 4, 10), theme=outing)
    make.attendance(missed, person, status=AttendanceStatus.ABSENT)
    contract = make.contract(person, starts_on=dt.date(2025, 3, 1), ends_on=dt.date(2026, 2, 28),
                             facilitator=facilitator, objectives=(REACHED, NOT_REACHED))
    review = ContractReview(contract=contract, kind=ReviewKind.FINAL, held_on=dt.date(2026, 2, 20),
                            next_steps="Voir la CAF pour le dossier")
    review.positions = [
        ObjectivePosition(objective=contract.objectives[0], status=ObjectiveStatus.ACHIEVED,
                          comment="Commentaire confidentiel du bilan"),
        ObjectivePosition(objective=contract.objectives[1], status=ObjectiveStatus.IN_PROGRESS),
    ]
    set_up(db, review)
    return FullJourney(group, person, facilitator, referrer, contract)
