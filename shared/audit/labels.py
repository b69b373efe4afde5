"""The journal's French: the name of each kind of record, and a label for every field it may show.

The back-office prefers the label a record's own screen gives a field (its view's ``column_labels``);
these cover every column of every table, so that no field reads as the database's name
(tests/backoffice/audit/test_journal_labels.py walks the metadata). A new column needs its label here.
"""

from __future__ import annotations

# Never shown in the journal: identifiers, bookkeeping times and counters, secrets, technical links. A password
# shows as « Mot de passe : modifié »; a PIN's changes are noted by their operations (« Code PIN »), not by its
# hash, which a sign-in may also rewrite (a stronger hash).
TECHNICAL = frozenset({
    "id", "created_at", "updated_at", "recorded_at", "pin_hash", "token_hash", "code_hash",
    "form_token", "version", "session_version", "pin_lock_level", "key_digest", "dedup_key",
    "claimed_at", "next_attempt_at", "first_pin_failure_at",
})

# « Type de fiche » in the journal: each table's record, in French.
TABLE_LABELS = {
    "participant": "Personne", "referral": "Orientation", "contract": "Contrat", "objective": "Objectif",
    "session": "Séance", "attendance": "Émargement", "exit": "Sortie", "exit_plan": "Projet de sortie",
    "contract_review": "Bilan", "objective_position": "Point sur un objectif", "self_rating": "Auto-évaluation",
    "group": "Groupe", "group_staff": "Équipe d'un groupe", "group_closure": "Fermeture", "theme": "Thème",
    "staff_member": "Compte de l'équipe", "login_throttle": "Blocage de connexion",
    "calendar_feed": "Lien d'agenda", "device": "Tablette", "walk_in": "Visiteur",
    "enrolment_code": "Code d'activation", "device_contact": "Dernier contact d'une tablette",
    "offline_receipt": "Envoi hors ligne reçu", "pending_attendance": "Émargement hors ligne à confirmer",
    "action_review": "Bilan de l'action", "feedback": "Avis", "message": "Message",
    "message_consent": "Accord pour les messages", "proposal": "Idée", "vote": "Vote",
    "vote_choice": "Choix d'un vote", "vote_participation": "Participation à un vote", "ballot": "Bulletin", "anonymous_pool": "Réponse anonyme en attente",
    "audit_entry": "Entrée du journal", "import_mapping": "Colonnes d'un fichier importé",
    "import": "Import d'un fichier", "attestation": "Attestation de parcours",
    "attestation_item": "Ligne d'une attestation", "attestation_request": "Demande d'attestation",
    "skill": "Compétence",
    "partner": "Structure partenaire", "partner_group": "Groupe travaillant avec un partenaire",
    "session_guest_group": "Groupe invité à une séance commune",
}

# A field's label whatever its table (a reference ``x_id`` may also be found under ``x``).
FIELD_LABELS = {
    # who and what a record belongs to
    "group_id": "Groupe", "participant_id": "Personne", "contract_id": "Contrat", "session_id": "Séance",
    "theme_id": "Thème", "referrer_id": "Orienteur", "facilitator_id": "Animateur(trice)", "renews_id": "Renouvelle",
    "written_by_id": "Rédigé par", "actor_id": "Par", "objective_id": "Objectif", "review_id": "Bilan",
    "staff_id": "Membre de l'équipe", "device_id": "Tablette", "created_by_id": "Créé par",
    "decided_by_id": "Décidé par", "linked_by_id": "Rattaché par", "vote_id": "Vote", "choice_id": "Choix",
    "proposal_id": "Idée", "merged_into_id": "Regroupée avec", "adopted_session_id": "Séance retenue",
    # people
    "first_name": "Prénom", "last_name": "Nom", "gender": "Genre", "birth_year": "Année de naissance",
    "password_hash": "Mot de passe", "town": "Commune", "benefit": "Minimum social", "phone": "Téléphone", "email": "E-mail",
    "consent_on": "Consentement le", "last_contact_on": "Dernier contact le", "anonymised_on": "Anonymisé(e) le",
    "closed_on": "Dossier clos le", "pin": "Code PIN", "symbol": "Symbole sur la tablette", "pin_failures": "Codes erronés",
    "pin_locked_until": "Code bloqué jusqu'au", "job_title": "Fonction", "role": "Rôle", "active": "Actif",
    "referred_on": "Orienté(e) le", "reason": "Motif", "expectations": "Attentes",
    # groups, sessions, attendance
    "name": "Nom", "district": "Circonscription", "location": "Lieu", "started_on": "Début le",
    "meeting_weeks": "Semaines de séance", "weekday": "Jour", "meets_from": "De", "meets_until": "À",
    "trial_allowance": "Séances d'essai permises", "checkin_opens_before": "Émargement ouvert avant (minutes)",
    "requires_pin": "Code PIN demandé", "reminder_at": "Rappel la veille à", "morning_reminder_at": "Rappel le matin à",
    "holiday_region": "Zone des jours fériés", "anonymous_proposals": "Idées sans nom permises",
    "pictogram": "Pictogramme", "starts_on": "Début le", "ends_on": "Fin le", "label": "Libellé",
    "held_on": "Date", "starts_at": "Début", "ends_at": "Fin", "title": "Titre", "place": "Lieu",
    "capacity": "Places", "cancelled": "Annulée", "cancel_reason": "Motif de l'annulation",
    "status": "Statut", "is_trial": "Séance d'essai", "source": "Saisie",
    # contracts, objectives, reviews, exits
    "participant_signed_on": "Signé par la personne le", "facilitator_signed_on": "Signé par l'animateur(trice) le",
    "referrer_signed_on": "Signé par l'orienteur le", "ended_early_on": "Fin anticipée le",
    "early_end_reason": "Motif de la fin anticipée", "motif de la correction": "Motif de la correction",
    "wording": "Objectif", "category": "Catégorie", "kind": "Type",
    "participant_took_part": "Présence de la personne", "facilitator_took_part": "Présence de l'animateur(trice)",
    "referrer_took_part": "Présence de l'orienteur", "next_steps": "Suites", "comment": "Commentaire",
    "area": "Domaine", "rating": "Note", "left_on": "Sortie le", "destination": "Orientation à la sortie",
    "steps": "Étapes", "partners": "Partenaires", "target_on": "Sortie prévue le",
    "period_from": "Période du", "period_to": "Période au", "strengths": "Points forts", "weaknesses": "Points faibles",
    "new_strategies": "Nouvelles stratégies", "social_ties": "Liens sociaux",
    "valuing_people": "Valorisation des personnes",
    # tablets, sign-in, messages
    "enrolled_at": "Activée le", "revoked_at": "Retiré(e) le", "expires_at": "Expire le", "used_at": "Utilisé le",
    "last_seen_at": "Dernier contact", "waiting": "En attente", "refused": "Refusés à la réception",
    "must_change_password": "Mot de passe à changer", "received_on": "Reçu le", "signed_at": "Signé à",
    "decided_at": "Décidé le", "scope": "Portée", "key": "Clé", "failures": "Échecs",
    "last_failure_at": "Dernier échec", "blocked_until": "Bloqué jusqu'au", "given_on": "Donné le",
    "mood": "Humeur", "text": "Texte", "channel": "Canal", "address": "Adresse", "subject": "Objet",
    "body": "Texte du message", "topics": "Sujets", "state": "État", "attempts": "Tentatives", "sent_at": "Envoyé le",
    "provider_answer": "Réponse du prestataire", "withdrawn_on": "Retiré le", "withdrawn_how": "Retiré par",
    "question": "Question", "opens_on": "Ouvert le", "closes_on": "Fermé le", "closed_early": "Fermé avant la date",
    "supporters": "Soutiens", "proposed_on": "Proposée le", "position": "Ordre", "voted_on": "A voté le",
    # the journal itself
    "at": "Date", "actor_label": "Par", "action": "Action", "table_name": "Type de fiche", "record_id": "Fiche n°",
    "changes": "Modifications (avant → après)",
    # written by operations themselves (shared.kiosk.audit, shared.retention)
    "export": "Export", "cleared": "Effacé",
    # sign-in through the department's OpenID provider (shared.staff.identity)
    "oidc_issuer": "Fournisseur d'identité", "oidc_subject": "Identifiant chez le fournisseur", "connexion": "Connexion",
    # imports of spreadsheets (shared.imports): the remembered columns, and the import's own entry
    "digest": "Empreinte des titres de colonnes", "mapping": "Colonnes", "file": "Fichier", "rows": "Lignes lues",
    "created": "Créé", "updated": "Modifié",
    # attestations de parcours (shared.attestations)
    "code": "Code de vérification", "issued_on": "Délivrée le", "issued_by_id": "Délivrée par",
    "signed_by": "Signée par", "structure": "Structure", "revoked_on": "Révoquée le", "revoked_by_id": "Révoquée par",
    "replaces_id": "Remplace", "attestation_id": "Attestation", "included": "Acceptée par la personne",
    "requested_on": "Demandée le", "answered_on": "Traitée le",
    # partner directory, joint sessions (shared.partners)
    "partner_id": "Partenaire", "at_partner": "Chez le partenaire", "contact_name": "Personne à contacter",
    "guest_groups": "Groupes invités", "groups": "Groupes",
}

# Where a field means something else in one table.
TABLE_FIELD_LABELS = {
    "message_consent": {"address": "Adresse ou numéro", "given_on": "Accord donné le"},
    "session": {"status": "Statut"},
    "objective": {"status": "Avancement"},
    "objective_position": {"status": "Avancement"},
    "vote_choice": {"label": "Choix"},
    "group_closure": {"label": "Motif"},
    "referral": {"reason": "Motif de l'orientation"},
    "pending_attendance": {"reason": "Pourquoi à confirmer"},
    "exit": {"destination": "Destination"},
    "attestation_item": {"kind": "Ligne", "text": "Texte", "position": "Ordre", "consent_on": "Accord de la personne le"},
    "skill": {"name": "Compétence", "active": "Proposée"},
    "login_throttle": {"key": "Compte ou adresse"},
    "anonymous_pool": {"day": "Jour", "sealed": "Réponse scellée"},  # never journaled; named for completeness
}


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def field_label(table: str, key: str) -> str | None:
    """The French label of ``key`` in ``table``'s records, or None if it has none (a test fails then)."""
    own = TABLE_FIELD_LABELS.get(table, {})
    if key in own:
        return own[key]
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    if key.endswith("_id") and key[:-3] in FIELD_LABELS:
        return FIELD_LABELS[key[:-3]]
    return None
