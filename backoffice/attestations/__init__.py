"""Attestations de parcours: a person's attestations (make, revoke, make again, PDF, print), the skills list,
the tablet's requests, and the public verification page."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.attestations.models import AttestationRequest, Skill

    from ..extensions import db
    from . import public
    from .requests import AttestationRequestView
    from .skills import SkillView
    from .views import AttestationView

    app.register_blueprint(public.bp)  # the verification page: public, by its unguessable code
    admin.add_view(AttestationView(name="Attestation de parcours", endpoint="attestation", url="/actions/attestation"))
    admin.add_view(AttestationRequestView(AttestationRequest, db, name="Demandes d'attestation", category="Personnes"))
    admin.add_view(SkillView(Skill, db, name="Compétences", category="Paramètres"))
