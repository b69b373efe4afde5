"""Word lists for the department-scale data set: names, places, texts (all invented)."""

from __future__ import annotations

WOMEN = [
    "Fatima", "Sylvie", "Monique", "Nathalie", "Josiane", "Yasmina", "Aïcha", "Sandrine", "Christiane",
    "Isabelle", "Martine", "Nadia", "Sophie", "Catherine", "Valérie", "Karima", "Brigitte", "Chantal",
    "Élodie", "Samia", "Françoise", "Leïla", "Patricia", "Corinne", "Hélène", "Malika", "Véronique",
    "Amina", "Delphine", "Jacqueline", "Sabrina", "Odile", "Rachida", "Laetitia", "Mireille", "Nora",
]
MEN = [
    "Gérard", "Karim", "Ahmed", "Bernard", "Jean-Luc", "Patrick", "Mohamed", "Thierry", "Pascal",
    "Philippe", "Rachid", "Michel", "Laurent", "Frédéric", "Yacine", "Didier", "Olivier", "Mustapha",
    "Christophe", "Éric", "Abdel", "Alain", "Stéphane", "Jérôme", "Sébastien", "Hamid", "Daniel",
    "Franck", "Bruno", "Samir", "Serge", "Mamadou", "Dominique", "Joël", "Gilles", "Youssef",
]
LAST_NAMES = [
    "Benali", "Petit", "Marchand", "Ouali", "Durand", "Belkacem", "Roussel", "Leroy", "Faure", "Cherif",
    "Morel", "Traoré", "Giraud", "Lopez", "Diallo", "Blanc", "Masson", "Martin", "Bernard", "Dubois",
    "Thomas", "Robert", "Richard", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Garcia", "David",
    "Bertrand", "Roux", "Vincent", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
    "Rousseau", "Mercier", "Boyer", "Chevalier", "Fabre", "Gauthier", "Perrin", "Robin", "Clément",
    "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Garnier", "Guerin", "Boucher", "Haddad",
    "Benaissa", "Kone", "Camara", "Nguyen", "Pereira", "Ferreira", "Mendy", "Bouzid", "Lemoine",
    "Renaud", "Schmitt", "Colin", "Vidal", "Caron", "Picard", "Roger", "Aubert", "Meyer", "Brun",
]
TOWNS = [
    "Villeneuve", "Les Ormes", "Saint-Aubin", "Montreuil-sur-Loire", "Beaulieu", "Roncelles", "Valmont",
    "Castelnau", "Fontenay", "Mirebeau", "Sainte-Foy", "Longpré", "Belleville-sur-Orge", "Clairvaux",
    "Saint-Martin-des-Champs", "Pontlevoy", "Lussac", "Marnay", "Chaumont-le-Bois", "Auberive",
    "Vernon-sur-Brenne", "Le Mesnil", "Bois-Colombe", "Rochefort-en-Val", "Arcy",
]
CENTRES = [
    "Jean-Moulin", "Louise-Michel", "Simone-Veil", "Victor-Hugo", "Les Tilleuls", "Pasteur", "Jean-Jaurès",
    "Les Peupliers", "Marie-Curie", "La Roseraie",
]
STREETS = ["rue des Écoles", "avenue de la Gare", "place du Marché", "rue Pasteur", "boulevard Voltaire"]
REASONS = [
    "Isolement, souhaite reprendre confiance et rencontrer du monde.",
    "Sortie d'hospitalisation, besoin de retrouver un rythme.",
    "Longue période sans activité, souhaite préparer un projet.",
    "Arrivée récente dans la commune, ne connaît personne.",
    "Difficultés de mobilité, souhaite sortir de chez soi.",
]
EXPECTATIONS = [
    "Sortir de chez soi, participer à des activités en groupe.",
    "Retrouver un rythme, sortir de l'isolement, reprendre confiance.",
    "Apprendre à cuisiner avec un petit budget.",
    "Se préparer à une formation.",
]
NEXT_STEPS = [
    "Continuer à venir régulièrement ; proposer d'animer un atelier.",
    "Prendre contact avec la mission locale avant le prochain bilan.",
    "Rencontrer l'association de quartier avec l'animatrice.",
    "Préparer la sortie : visite d'un chantier d'insertion.",
]
REVIEW_TEXTS = {
    "strengths": "Régularité des présences ; entraide entre participants ; ateliers cuisine appréciés.",
    "weaknesses": "Difficultés de transport pour les communes éloignées ; peu d'hommes orientés.",
    "new_strategies": "Covoiturage entre participants ; sorties plus fréquentes ; partenariat avec la mission locale.",
    "social_ties": "Plusieurs participants se retrouvent en dehors des séances.",
    "valuing_people": "Des participants ont animé eux-mêmes des ateliers.",
}
EXIT_COMMENTS = [
    "CDD de six mois.", "Entrée en formation qualifiante.", "Rejoint l'association de quartier.",
    "Déménagement chez sa fille.", None, None,
]
