"""Loads the demo: the ID'MIX group since April 2007, its staff, people at every stage, two years
of sessions with attendance and feedback, and the next months scheduled. Deterministic for a
given "today" (only the demo passwords are random unless one is given)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from shared import clock
from shared.contracts.models import Contract, ObjectiveCategory, ObjectiveStatus
from shared.contracts.operations import ObjectiveDraft, create_contract, renew_contract, sign_contract
from shared.demo.people import DEMO_PEOPLE, DEMO_SYMBOLS, OBJECTIVES, DemoPerson, feedback_texts_for
from shared.exits.models import ExitDestination
from shared.exits.operations import plan_exit
from shared.feedback.models import Feedback, FeedbackScope, FeedbackStatus, Mood
from shared.groups.models import Group, Theme
from shared.kiosk.pins import hash_pin
from shared.demo.consents import add_demo_consents
from shared.demo.partners import AFPA, JARDIN, add_demo_partners
from shared.people.models import Participant, Referral
from shared.people.operations import record_exit
from shared.reviews.models import LifeArea, ReviewKind
from shared.reviews.operations import record_review
from shared.reviews.rules import PositionDraft, proposed_review_dates
from shared.sessions.models import Attendance, AttendanceSource, AttendanceStatus, Session
from shared.sessions.schedule import generate_sessions
from shared.staff.models import JobTitle, Role, StaffMember
from shared.staff.passwords import hash_password

DEMO_GROUP_NAME = "ID'MIX"
DEMO_PIN = "1234"
THEMES = [
    ("Cuisine", "cuisine"), ("Ateliers manuels", "ateliers_manuels"), ("Sorties", "sorties"),
    ("Santé nutrition", "sante_nutrition"), ("Jardinage", "jardinage"),
]
SESSION_TITLES = {
    "cuisine": ["Soupe de saison", "Gâteau au yaourt", "Repas partagé"],
    "ateliers_manuels": ["Mosaïque", "Couture : sac en tissu", "Cartes de vœux"],
    "sorties": ["Visite du musée", "Marché de Noël", "Balade au parc"],
    "sante_nutrition": ["Bien manger petit budget", "Le sommeil", "Lire une étiquette"],
    "jardinage": ["Semis de printemps", "Récolte au potager", "Compost"],
}
# Titles that belong to a season, by month; the others fit all year (each theme has some).
SEASONAL_TITLES = {
    "Marché de Noël": (12,), "Semis de printemps": (3, 4), "Récolte au potager": (6, 7, 8, 9),
    "Soupe de saison": (10, 11, 12, 1, 2, 3), "Balade au parc": (4, 5, 6, 7, 8, 9),
}


def session_title(pictogram: str, day: dt.date, index: int) -> str:
    """A title of the theme that fits the session's month (no « Marché de Noël » in March)."""
    fitting = [t for t in SESSION_TITLES[pictogram] if day.month in SEASONAL_TITLES.get(t, range(1, 13))]
    return fitting[index % len(fitting)]


# key: (first name, last name, job, role or None when the person has no login: a referring social
# worker who is a party to contracts without signing in, a contact rather than an account)
DEMO_STAFF = {
    "admin": ("Hélène", "Garnier", JobTitle.MANAGER, Role.ADMIN),
    "facilitator": ("Sophie", "Lambert", JobTitle.FACILITATOR, Role.FACILITATOR),
    "ass": ("Nadia", "Haddad", JobTitle.ASS, Role.REFERRER),
    "cip": ("Julien", "Moreau", JobTitle.CIP, None),
    "cesf": ("Camille", "Roux", JobTitle.CESF, None),
    "ass_rmi": ("Pierre", "Lefèvre", JobTitle.ASS_RMI, None),
}


@dataclass(frozen=True)
class DemoCredentials:
    role: str
    name: str
    email: str
    password: str


def demo_exists(db: DbSession) -> bool:
    return db.scalar(select(Group.id).where(Group.name == DEMO_GROUP_NAME)) is not None


def load_demo(
    db: DbSession,
    *,
    today: dt.date | None = None,
    password: str | None = None,
    progress: Callable[[str], None] = lambda step: None,
    pin_hasher: Callable[[str], str] | None = None,
) -> list[DemoCredentials]:
    """Create the demo; returns the demo accounts' credentials. Flushes, never commits."""
    today = today or clock.today()
    with clock.frozen_today(today):
        return _DemoBuilder(db, today, password, progress, pin_hasher or hash_password_for_pin).build()


def hash_password_for_pin(pin: str) -> str:
    """Argon2, as ``shared.kiosk.pins`` stores it."""
    return hash_pin(pin)


class _DemoBuilder:
    def __init__(self, db, today, password, progress, pin_hasher) -> None:
        self.db, self.today, self.password, self.progress = db, today, password, progress
        self.pin_hasher = pin_hasher
        self.rng = random.Random(2007)
        self.attended: dict[int, set[int]] = {}

    def build(self) -> list[DemoCredentials]:
        self.progress("Groupe, thèmes et équipe")
        credentials = self._group_and_staff()
        self.progress("Séances (deux ans passés, quatre mois à venir)")
        self._sessions()
        self.partners = add_demo_partners(self.db, self.group, self.sessions, self.today)  # before attendance
        self.progress("Personnes, contrats et émargements")
        pin_hash = self.pin_hasher(DEMO_PIN)
        for person in DEMO_PEOPLE:
            self._person(person, pin_hash)
        self.progress("Avis exprimés")
        self._feedback()
        self.progress("Bilans et projets de sortie")
        self._follow_through()
        add_demo_consents(self.db, self.group, self.today)  # reminders by SMS and e-mail (shared.demo.consents)
        self.db.flush()
        return credentials

    def _group_and_staff(self) -> list[DemoCredentials]:
        self.group = Group(
            name=DEMO_GROUP_NAME, district="Circonscription d'action sociale de Villeneuve",
            location="Centre Médico-Social Jean-Moulin, 12 rue des Écoles, Villeneuve",
            started_on=dt.date(2007, 4, 12), meeting_weeks="2,4", weekday=3,
            meets_from=dt.time(14, 0), meets_until=dt.time(17, 0), trial_allowance=3, requires_pin=True,
        )
        self.themes = [Theme(name=name, pictogram=key) for name, key in THEMES]
        self.db.add_all([self.group, *self.themes])
        self.staff: dict[str, StaffMember] = {}
        credentials = []
        for key, (first, last, job, role) in DEMO_STAFF.items():
            member = StaffMember(
                first_name=first, last_name=last, email=f"{_slug(first)}.{_slug(last)}@demo.idmix.fr",
                job_title=job, role=role or Role.REFERRER, active=True,  # a contact: no password, no sign-in
            )
            if role is not None:
                secret = self.password or secrets.token_urlsafe(9)
                member.password_hash = hash_password(secret)
                credentials.append(DemoCredentials(role.label, member.full_name, member.email, secret))
            if key in ("admin", "facilitator"):
                member.groups = [self.group]
            self.staff[key] = member
            self.db.add(member)
        self.db.flush()
        return credentials

    def _sessions(self) -> None:
        generate_sessions(self.db, self.group, self.today - dt.timedelta(days=730), self.today + dt.timedelta(days=120))
        self.sessions = list(self.db.scalars(
            select(Session).where(Session.group_id == self.group.id).order_by(Session.held_on)))
        for index, session in enumerate(self.sessions):
            theme = self.themes[index % len(self.themes)]
            session.theme = theme
            session.title = session_title(theme.pictogram, session.held_on, index)
            # Room for the group, except outings (a minibus of nine): the dashboard says when more are expected.
            session.capacity = 9 if theme.pictogram == "sorties" else 16
        past = [s for s in self.sessions if s.held_on < self.today]
        if len(past) > 8:
            past[-7].cancelled = True
            past[-7].cancel_reason = "Animatrice en formation"
        self.db.flush()

    def _past_sessions(self, start: dt.date, end: dt.date) -> list[Session]:
        return [s for s in self.sessions if start <= s.held_on <= end and s.held_on < self.today and not s.cancelled]

    def _person(self, person: DemoPerson, pin_hash: str) -> None:
        referred_on = self.today - dt.timedelta(days=person.referred_days_ago)
        participant = Participant(
            group=self.group, first_name=person.first_name, last_name=person.last_name, gender=person.gender,
            birth_year=person.birth_year, benefit=person.benefit, town=person.town, pin_hash=pin_hash,
            phone=f"06 {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} {self.rng.randint(10, 99)} "
                  f"{self.rng.randint(10, 99)}",
            consent_on=referred_on, last_contact_on=referred_on,
            symbol=DEMO_SYMBOLS.get(person.first_name),
        )
        participant.referrals = [Referral(
            referrer=self.staff[person.referrer], group=self.group, referred_on=referred_on,
            reason="Isolement, souhaite reprendre confiance et rencontrer du monde.",
            expectations="Sortir de chez soi, participer à des activités en groupe.",
        )]
        self.db.add(participant)
        self.db.flush()
        trial_end = self.today
        if person.contract_started_days_ago is not None:
            trial_end = self.today - dt.timedelta(days=person.contract_started_days_ago + 1)
        trials = self._past_sessions(referred_on, trial_end)[: person.trial_sessions]
        for session in trials:
            self._attend(session, participant, is_trial=True)
        if person.contract_started_days_ago is not None:
            self._contract_path(person, participant)

    def _contract_path(self, person: DemoPerson, participant: Participant) -> None:
        starts_on = self.today - dt.timedelta(days=person.contract_started_days_ago)
        if person.stage == "renewed":
            first = self._signed_contract(participant, starts_on - dt.timedelta(days=520), starts_on - dt.timedelta(days=1), 0)
            self._attend_period(participant, first.starts_on, first.ends_on)
            renewal = renew_contract(self.db, first, objectives=self._objectives(1) + self._objectives(5),
                                     ends_on=self.today + dt.timedelta(days=person.contract_ends_in))
            self._sign_all(renewal, renewal.starts_on)
            self._attend_period(participant, renewal.starts_on, self.today)
            return
        ends_on = self.today + dt.timedelta(days=person.contract_ends_in or 540 - person.contract_started_days_ago)
        if person.stage.startswith("left"):
            ends_on = starts_on + dt.timedelta(days=540)
        contract = self._signed_contract(participant, starts_on, ends_on, self.rng.randint(0, 4))
        if person.stage == "left_employment":
            left_on = self.today - dt.timedelta(days=60)
            self._attend_period(participant, starts_on, left_on)
            record_exit(self.db, participant, left_on=left_on, destination=ExitDestination.EMPLOYMENT,
                        comment="CDD de six mois comme agente d'entretien.")
        elif person.stage == "left_stopped":
            left_on = self.today - dt.timedelta(days=20)
            self._attend_period(participant, starts_on, left_on - dt.timedelta(days=40))
            record_exit(self.db, participant, left_on=left_on, destination=ExitDestination.STOPPED_COMING)
        elif person.stage == "drifting":
            last_two = self._past_sessions(starts_on, self.today)[-2:]
            self._attend_period(participant, starts_on, last_two[0].held_on - dt.timedelta(days=1))
            for session in last_two:
                self._attend(session, participant, is_trial=False, status=AttendanceStatus.ABSENT)
        else:
            self._attend_period(participant, starts_on, min(self.today, contract.ends_on))
        if person.stage == "ending_30_renewing":
            renew_contract(self.db, contract, objectives=self._objectives(2) + self._objectives(4))

    def _objectives(self, index: int) -> list[ObjectiveDraft]:
        wording, category = OBJECTIVES[index % len(OBJECTIVES)]
        return [ObjectiveDraft(wording, ObjectiveCategory(category))]

    def _signed_contract(self, participant, starts_on, ends_on, objective_index):
        contract = create_contract(
            self.db, participant=participant, facilitator=self.staff["facilitator"],
            referrer=participant.referrals[0].referrer, starts_on=starts_on, ends_on=ends_on,
            expectations="Retrouver un rythme, sortir de l'isolement, reprendre confiance.",
            objectives=self._objectives(objective_index) + self._objectives(objective_index + 1),
        )
        self._sign_all(contract, min(starts_on, self.today))
        return contract

    def _sign_all(self, contract, on) -> None:
        for party in ("participant", "facilitator", "referrer"):
            sign_contract(self.db, contract, party=party, on=min(on, self.today))

    def _attend_period(self, participant, start, end) -> None:
        for session in self._past_sessions(start, end):
            if session.id in self.attended.setdefault(participant.id, set()):
                continue
            roll = self.rng.random()
            status = AttendanceStatus.PRESENT if roll < 0.8 else (
                AttendanceStatus.EXCUSED if roll < 0.9 else AttendanceStatus.ABSENT)
            self._attend(session, participant, is_trial=False, status=status)

    def _attend(self, session, participant, *, is_trial, status=AttendanceStatus.PRESENT) -> None:
        self.attended.setdefault(participant.id, set()).add(session.id)
        recorded_at = dt.datetime.combine(session.held_on, dt.time(14, self.rng.randint(0, 25)), tzinfo=clock.CENTRE_TZ)
        self.db.add(Attendance(session=session, participant=participant, is_trial=is_trial, status=status,
                               source=AttendanceSource.KIOSK, recorded_at=recorded_at))
        if status is AttendanceStatus.PRESENT and (participant.last_contact_on or session.held_on) <= session.held_on:
            participant.last_contact_on = session.held_on

    def _feedback(self) -> None:
        self.db.flush()
        year_ago = self.today - dt.timedelta(days=365)
        for session in self._past_sessions(year_ago, self.today - dt.timedelta(days=1)):
            present = [a.participant for a in session.attendances if a.status is AttendanceStatus.PRESENT]
            for _ in range(self.rng.randint(3, 6)):
                mood = self.rng.choices(list(Mood), weights=[1, 2, 5, 4])[0]
                signed = present and self.rng.random() < 0.2
                self.db.add(Feedback(
                    session_id=session.id, given_on=session.held_on,
                    scope=self.rng.choice(list(FeedbackScope)), mood=mood,
                    text=self.rng.choice(feedback_texts_for(mood.value)) if self.rng.random() < 0.4 else None,
                    participant_id=self.rng.choice(present).id if signed else None,
                    status=FeedbackStatus.CLOSED if session.held_on < self.today - dt.timedelta(days=60)
                    else FeedbackStatus.NEW,
                ))


    def _follow_through(self) -> None:
        """Reviews on their proposed dates and a few exit plans, so that charts and plans show."""
        self.db.flush()
        first_contracts = {}
        for contract in self.db.scalars(select(Contract).join(Participant).where(Participant.group_id == self.group.id)
                                        .order_by(Contract.starts_on)):
            first_contracts.setdefault(contract.participant.first_name, contract)
        positions = {ReviewKind.MID_TERM: (ObjectiveStatus.IN_PROGRESS, ObjectiveStatus.OPEN),
                     ReviewKind.FINAL: (ObjectiveStatus.ACHIEVED, ObjectiveStatus.IN_PROGRESS)}
        for first_name, kind, ratings, comment, next_steps in DEMO_REVIEWS:
            contract = first_contracts[first_name]
            record_review(
                self.db, contract, kind=kind,
                held_on=min(getattr(proposed_review_dates(contract), kind.value), self.today),
                positions=[PositionDraft(objective.id, status, comment if index == 0 else None)
                           for index, (objective, status) in enumerate(zip(contract.objectives, positions[kind]))],
                participant_took_part=True, facilitator_took_part=True, referrer_took_part=kind is ReviewKind.FINAL,
                next_steps=next_steps, self_ratings=dict(zip(LifeArea, ratings)), actor=self.staff["facilitator"],
            )
        for first_name, destination, steps, partners, partner in DEMO_EXIT_PLANS:
            contract = first_contracts[first_name]
            plan_exit(self.db, contract, destination=destination, target_on=contract.last_day, steps=steps,
                      partners=partners, partner=self.partners.get(partner), actor=self.staff["facilitator"])


# (first name, kind, self-ratings in LifeArea order, comment on the first objective, what changes next)
DEMO_REVIEWS = [
    ("Fatima", ReviewKind.MID_TERM, (2, 1, 2, 3, 1, 1), "Vient un jeudi sur deux",
     "Venir chaque jeudi ; essayer l'atelier cuisine."),
    ("Fatima", ReviewKind.FINAL, (3, 3, 2, 3, 3, 3), "Vient chaque jeudi, aide à l'accueil",
     "Rencontrer le centre de formation avec la CIP."),
    ("Gérard", ReviewKind.MID_TERM, (1, 2, 2, 2, 1, 1), "Hésite encore à venir seul",
     "Reprendre contact avec le médecin traitant."),
    ("Sylvie", ReviewKind.MID_TERM, (2, 2, 1, 2, 2, 1), "Prend la parole en groupe",
     "Visiter l'association Le Jardin partagé."),
    ("Josiane", ReviewKind.MID_TERM, (1, 1, 2, 2, 1, 1), "Premiers pas", "Participer à une sortie du groupe."),
    ("Josiane", ReviewKind.FINAL, (2, 3, 2, 3, 2, 1), "Se sent à l'aise dans le groupe",
     "Renouveler le contrat avec un objectif d'immersion."),
    ("Yasmina", ReviewKind.MID_TERM, (3, 2, 3, 3, 2, 3), "Très régulière", "Préparer les entretiens d'embauche."),
]
# (first name, destination, steps, partners to meet, the directory's structure the person goes to)
DEMO_EXIT_PLANS = [
    ("Fatima", ExitDestination.TRAINING, "Visite du centre de formation en mai.\nDossier d'inscription avec la CIP.",
     "Centre de formation AFPA, Mission locale", AFPA),
    ("Sylvie", ExitDestination.OTHER_GROUP, "Deux séances d'essai au jardin partagé.", "Association Le Jardin partagé",
     JARDIN),
    ("Yasmina", ExitDestination.EMPLOYMENT, "Ateliers CV avec la CIP, puis entretiens.",
     "France Travail, agence d'intérim", None),
]


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return ascii_text.lower().replace(" ", "-").replace("'", "")
