"""French words and first names that zxcvbn's (English) lists miss, for the password strength check.

Kept short on purpose: what people in a French office type first when asked for a password.
"""

WORDS = (
    "motdepasse", "mot de passe", "bonjour", "bonsoir", "salut", "coucou", "merci", "soleil", "amour",
    "chocolat", "chouchou", "doudou", "bisous", "bebe", "cheval", "chaton", "chat", "chien", "lapin",
    "loulou", "nounours", "papillon", "princesse", "fleur", "etoile", "liberte", "france", "paris",
    "marseille", "lyon", "toulouse", "bordeaux", "nantes", "lille", "azerty", "azertyuiop", "qsdfghjklm",
    "wxcvbn", "secret", "famille", "maison", "jardin", "vacances", "printemps", "automne", "hiver", "ete",
    "dimanche", "samedi", "lundi", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
    "septembre", "octobre", "novembre", "decembre", "travail", "bureau", "social", "insertion", "mairie",
    "departement", "conseil", "circonscription", "atelier", "idmix", "administrateur", "utilisateur",
    "bienvenue", "connexion", "ordinateur", "football", "olympique", "allezlesbleus", "jetaime",
)

FIRST_NAMES = (
    "marie", "jean", "pierre", "michel", "andre", "philippe", "louis", "nicolas", "jacques", "francois",
    "alain", "bernard", "patrick", "christophe", "daniel", "eric", "laurent", "stephane", "olivier",
    "thomas", "julien", "sebastien", "frederic", "david", "christian", "pascal", "thierry", "maxime",
    "antoine", "alexandre", "lucas", "hugo", "theo", "enzo", "mathis", "nathan", "jules", "gabriel",
    "raphael", "leo", "arthur", "nathalie", "isabelle", "sylvie", "catherine", "francoise", "martine",
    "christine", "monique", "valerie", "sandrine", "sophie", "celine", "stephanie", "veronique", "aurelie",
    "julie", "camille", "manon", "emma", "lea", "chloe", "ines", "jade", "louise", "alice", "lina",
    "amelie", "claire", "helene", "anne", "caroline", "elodie", "emilie", "laura", "sarah", "pauline",
    "mohamed", "ahmed", "fatima", "karim", "nadia", "yasmine", "sofiane", "mehdi", "samir", "leila",
)

LAST_NAMES = (
    "martin", "bernard", "thomas", "petit", "robert", "richard", "durand", "dubois", "moreau", "laurent",
    "simon", "michel", "lefebvre", "leroy", "roux", "david", "bertrand", "morel", "fournier", "girard",
    "bonnet", "dupont", "lambert", "fontaine", "rousseau", "vincent", "muller", "lefevre", "faure",
)
