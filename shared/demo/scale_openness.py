"""What a department's groups build outside their sessions, for the department-scale data set: the partner
structures each group works with, the skills admins added to the attestations' list, and the attestations
people asked for on the tablet. Planned in memory like the rest (``scale_rows.PlannedRows``)."""

from __future__ import annotations

import datetime as dt
import random

from shared.attestations.models import AttestationRequest, Skill
from shared.demo.scale_rows import PlannedRows
from shared.partners.models import Partner, PartnerKind, partner_group

PARTNERS_PER_GROUP = 3
ADDED_SKILLS = ("Tenir un stand au marché", "Accueillir un nouveau venu dans le groupe")
REQUEST_SHARE = 0.02  # people who asked for their attestation on the tablet, not yet answered
STREETS = ("rue Victor-Hugo", "avenue Jean-Jaurès", "rue de la République", "boulevard Pasteur")


def plan_partners(rows: PlannedRows, groups: list[dict], rng: random.Random) -> None:
    kinds = [PartnerKind.TRAINING, PartnerKind.ASSOCIATION, PartnerKind.INTEGRATION, PartnerKind.EMPLOYER]
    for group in groups:
        for kind in rng.sample(kinds, PARTNERS_PER_GROUP):
            row = rows.add(Partner.__table__, name=f"{kind.label} {group['name']}", kind=kind,
                           address=f"{rng.randint(1, 120)} {rng.choice(STREETS)}", contact_name=None,
                           phone=None, email=None)
            rows.add(partner_group, partner_id=row["id"], group_id=group["id"])


def plan_skills(rows: PlannedRows) -> None:
    for name in ADDED_SKILLS:
        rows.add(Skill.__table__, name=name, active=True)


def plan_attestation_requests(rows: PlannedRows, people: list[dict], today: dt.date, rng: random.Random) -> None:
    for person in people:
        if rng.random() < REQUEST_SHARE:
            rows.add(AttestationRequest.__table__, participant_id=person["id"],
                     requested_on=today - dt.timedelta(days=rng.randint(0, 20)), answered_on=None)
