"""People and their referrals: lists, details page, the person's file (close, reopen, erase), personal data."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.people.models import Participant, Referral

    from ..extensions import db
    from .person_file import PersonFileView
    from .personal_data import PersonalDataView
    from .views import ParticipantView, ReferralView

    admin.add_view(ParticipantView(Participant, db, name="Personnes", category="Personnes"))
    admin.add_view(ReferralView(Referral, db, name="Orientations", category="Personnes"))
    admin.add_view(PersonalDataView(name="Données personnelles", endpoint="personal_data",
                                    url="/actions/personal-data"))
    admin.add_view(PersonFileView(name="Dossier de la personne", endpoint="person_file", url="/actions/person-file"))
