"""Who is in the demo group, and at which stage of their path (relative to the demo's "today")."""

from __future__ import annotations

from dataclasses import dataclass

from shared.people.models import Benefit, Gender


@dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    gender: Gender
    birth_year: int
    benefit: Benefit
    town: str
    stage: str
    referrer: str  # key of DEMO_STAFF
    # Stage parameters, in days relative to today.
    referred_days_ago: int = 200
    trial_sessions: int = 3
    contract_started_days_ago: int | None = None
    contract_ends_in: int | None = None


F, M = Gender.FEMALE, Gender.MALE
RSA, RMI, AAH, ASS_ = Benefit.RSA, Benefit.RMI, Benefit.AAH, Benefit.ASS

DEMO_PEOPLE = [
    DemoPerson("Fatima", "Benali", F, 1971, RSA, "Villeneuve", "ending_30", "ass", 420, 3, 390, 21),
    DemoPerson("Gérard", "Petit", M, 1963, RSA, "Villeneuve", "ending_60", "cip", 470, 2, 440, 47),
    DemoPerson("Sylvie", "Marchand", F, 1968, AAH, "Les Ormes", "ending_90", "cesf", 500, 3, 460, 82),
    DemoPerson("Karim", "Ouali", M, 1979, RSA, "Villeneuve", "ending_30_renewing", "ass_rmi", 540, 3, 520, 12),
    DemoPerson("Monique", "Durand", F, 1958, RMI, "Saint-Aubin", "contract", "ass", 300, 2, 270, 270),
    DemoPerson("Ahmed", "Belkacem", M, 1974, RSA, "Villeneuve", "contract", "cip", 260, 3, 230, 310),
    DemoPerson("Nathalie", "Roussel", F, 1982, RSA, "Les Ormes", "drifting", "cesf", 330, 2, 300, 240),
    DemoPerson("Josiane", "Leroy", F, 1960, RSA, "Villeneuve", "renewed", "ass", 700, 3, 150, 380),
    DemoPerson("Bernard", "Faure", M, 1966, ASS_, "Saint-Aubin", "ended", "ass_rmi", 540, 3, 500, -10),
    DemoPerson("Yasmina", "Cherif", F, 1985, RSA, "Villeneuve", "left_employment", "cip", 600, 2, 570, None),
    DemoPerson("Jean-Luc", "Morel", M, 1970, RSA, "Les Ormes", "left_stopped", "ass", 380, 3, 350, None),
    DemoPerson("Aïcha", "Traoré", F, 1977, RSA, "Villeneuve", "decision_due", "ass", 75, 3),
    DemoPerson("Patrick", "Giraud", M, 1961, RMI, "Saint-Aubin", "decision_due", "cesf", 90, 3),
    DemoPerson("Sandrine", "Lopez", F, 1980, RSA, "Villeneuve", "on_trial", "cip", 30, 1),
    DemoPerson("Mohamed", "Diallo", M, 1983, RSA, "Les Ormes", "on_trial", "ass_rmi", 45, 2),
    DemoPerson("Christiane", "Blanc", F, 1956, AAH, "Villeneuve", "referred", "ass", 10, 0),
    DemoPerson("Thierry", "Masson", M, 1972, RSA, "Saint-Aubin", "referred", "cesf", 5, 0),
]

# The picture on each person's kiosk tile and PIN screen (shared/kiosk/symbols.py), one per person: the demo
# shows how someone who reads little finds their own tile.
DEMO_SYMBOLS = {
    "Fatima": "tournesol", "Gérard": "chat", "Sylvie": "papillon", "Karim": "velo", "Monique": "pomme",
    "Ahmed": "lion", "Nathalie": "fraise", "Josiane": "maison", "Bernard": "ballon", "Yasmina": "cerises",
    "Jean-Luc": "guitare", "Aïcha": "tortue", "Patrick": "soleil", "Sandrine": "poisson", "Mohamed": "parapluie",
    "Christiane": "hibou", "Thierry": "bateau",
}

OBJECTIVES = [
    ("Sortir de chez moi au moins une fois par semaine", "opening_outward"),
    ("Rencontrer d'autres personnes et garder le contact", "social_ties"),
    ("Préparer des repas équilibrés avec un petit budget", "health"),
    ("Faire seul(e) mes démarches à la CAF", "autonomy"),
    ("Découvrir un métier lors d'une immersion", "pre_professional"),
    ("Construire un projet de formation", "pre_professional"),
    ("Reprendre un suivi médical régulier", "health"),
    ("Animer une séance devant le groupe", "life_project"),
]

# What people write matches how they felt: a complaint goes with a sad face, thanks with a smile;
# a suggestion goes with any face (see FEEDBACK_MOODS).
FEEDBACK_TEXTS = [
    "J'ai bien aimé la cuisine aujourd'hui.",
    "On pourrait faire une sortie au marché.",
    "Il y avait trop de bruit pendant l'atelier.",
    "Merci pour l'accueil, je reviendrai.",
    "J'aimerais apprendre à faire du pain.",
    "Certaines personnes coupent la parole, c'est difficile.",
    "Le jardin, ça me fait du bien.",
    "Je voudrais qu'on parle de la recherche d'emploi.",
]

POSITIVE, NEGATIVE = ("3", "4"), ("1", "2")  # Mood values: the two happy faces, the two sad ones
FEEDBACK_MOODS = {
    "J'ai bien aimé la cuisine aujourd'hui.": POSITIVE,
    "Il y avait trop de bruit pendant l'atelier.": NEGATIVE,
    "Merci pour l'accueil, je reviendrai.": POSITIVE,
    "Certaines personnes coupent la parole, c'est difficile.": NEGATIVE,
    "Le jardin, ça me fait du bien.": POSITIVE,
}


def feedback_texts_for(mood_value: str) -> list[str]:
    """The demo texts that fit a mood (suggestions fit every mood)."""
    return [text for text in FEEDBACK_TEXTS if mood_value in FEEDBACK_MOODS.get(text, POSITIVE + NEGATIVE)]
