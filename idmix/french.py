"""The command line's own words in French: click's help headings, option notes and error messages.

Click marks its messages for translation with the standard ``gettext`` but ships no French catalogue,
and reads the language from the environment: the command would speak English on most servers. Its
modules call ``_``/``ngettext`` through their own module globals, so ``install()`` gives them this
catalogue whatever the locale. A message without a French entry stays as click wrote it.
"""

from __future__ import annotations

import gettext
import re

import click
from click import core, decorators, exceptions, formatting, parser, termui, types, utils

NBSP = "\u00a0"

CATALOGUE = {
    "Usage:": f"Utilisation{NBSP}:",
    # click writes a heading then ":" with no space between: the no-break space goes in the heading.
    "Options": f"Options{NBSP}",
    "Commands": f"Commandes{NBSP}",
    "Positional arguments": f"Arguments{NBSP}",
    "Show this message and exit.": "Affiche cette aide et s'arrête.",
    "Show the version and exit.": "Affiche la version et s'arrête.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "default: {default}": f"par défaut{NBSP}: {{default}}",
    "required": "obligatoire",
    "env var: {var}": f"variable d'environnement{NBSP}: {{var}}",
    "deprecated": "obsolète",
    "(dynamic)": "(calculé)",
    "Error: {message}": f"Erreur{NBSP}: {{message}}",
    "Try '{command} {option}' for help.": f"Pour l'aide{NBSP}: {{command}} {{option}}",
    "Missing option": "Option obligatoire manquante",
    "Missing argument": "Argument manquant",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "Il manque l'{param_type}",  # option, argument: the same word in French
    "Missing parameter: {param_name}": f"Paramètre manquant{NBSP}: {{param_name}}",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": f"Commande inconnue{NBSP}: «{NBSP}{{name}}{NBSP}».",
    "No such option {name!r}.": f"Option inconnue{NBSP}: «{NBSP}{{name}}{NBSP}».",
    "Option {name!r} does not take a value.": "L'option «\u00a0{name}\u00a0» ne prend pas de valeur.",
    "Invalid value for {param_hint}: {message}": f"Valeur non valable pour {{param_hint}}{NBSP}: {{message}}",
    "Invalid value: {message}": f"Valeur non valable{NBSP}: {{message}}",
    "Argument {name!r} takes {nargs} values.": "L'argument «\u00a0{name}\u00a0» prend {nargs} valeurs.",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "{value!r} is not a valid {number_type}.": "«\u00a0{value}\u00a0» n'est pas un nombre valable.",
    "{value!r} is not a valid UUID.": "«\u00a0{value}\u00a0» n'est pas un identifiant valable.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        f"«{NBSP}{{value}}{NBSP}» n'est ni oui ni non. Valeurs reconnues{NBSP}: {{states}}",
    "{value} is not in the range {range}.": "{value} n'est pas compris dans l'intervalle {range}.",
    "Choose from:\n\t{choices}": f"Choisissez parmi{NBSP}:\n\t{{choices}}",
    "{name} {filename!r} does not exist.": "{name} «\u00a0{filename}\u00a0» n'existe pas.",
    "{name} {filename!r} is a file.": "{name} «\u00a0{filename}\u00a0» est un fichier.",
    "{name} {filename!r} is a directory.": "{name} «\u00a0{filename}\u00a0» est un dossier.",
    "{name} {filename!r} is not readable.": "{name} «\u00a0{filename}\u00a0» n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} «\u00a0{filename}\u00a0» n'est pas modifiable.",
    "{name} {filename!r} is not executable.": "{name} «\u00a0{filename}\u00a0» n'est pas exécutable.",
    "Could not open file {filename!r}: {message}": f"Impossible d'ouvrir «{NBSP}{{filename}}{NBSP}»{NBSP}: {{message}}",
    "file": "Fichier", "directory": "Dossier", "path": "Chemin",
    "Aborted!": "Abandon.",
    "Error: The two entered values do not match.": f"Erreur{NBSP}: les deux saisies ne correspondent pas.",
    "Error: invalid input": f"Erreur{NBSP}: saisie non valable",
    "Repeat for confirmation": "Confirmez",
    "Do you want to continue?": f"Voulez-vous continuer{NBSP}?",
    "Confirm the action without prompting.": "Confirme sans poser la question.",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "unknown error": "erreur inconnue",
}
PLURALS = {
    "Got unexpected extra argument ({args})":
        ("Argument en trop ({args})", "Arguments en trop ({args})"),
    "Option {name!r} requires an argument.":
        ("L'option «\u00a0{name}\u00a0» demande une valeur.", "L'option «\u00a0{name}\u00a0» demande {nargs} valeurs."),
    "Takes {nargs} values but 1 was given.":
        ("Prend {nargs} valeurs, mais 1 a été donnée.", "Prend {nargs} valeurs, mais {len} ont été données."),
    "{len_type} values are required, but {len_value} was given.":
        ("{len_type} valeurs sont demandées, {len_value} a été donnée.",
         "{len_type} valeurs sont demandées, {len_value} ont été données."),
    "{value!r} does not match the format {format}.":
        ("«\u00a0{value}\u00a0» n'est pas une date au format AAAA-MM-JJ.",
         "«\u00a0{value}\u00a0» n'est pas une date au format AAAA-MM-JJ."),
    "{value!r} is not {choice}.":
        (f"«{NBSP}{{value}}{NBSP}» n'est pas le choix possible{NBSP}: {{choice}}.",
         f"«{NBSP}{{value}}{NBSP}» n'est pas un choix possible{NBSP}: {{choices}}."),
    "Did you mean {possibility}?":
        (f"Vouliez-vous dire {{possibility}}{NBSP}?", f"(Vouliez-vous dire l'une de{NBSP}: {{possibilities}}{NBSP}?)"),
}


class ClickFrench(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return CATALOGUE.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        french = PLURALS.get(singular)
        if french is None:
            return singular if n == 1 else plural
        return french[0] if n == 1 else french[1]


# What click shows for a value's type in the help (``--group ENTIER``): the name of the shared instances.
TYPE_NAMES = {types.STRING: "texte", types.INT: "entier", types.FLOAT: "nombre", types.BOOL: "oui/non"}
SUBCOMMAND_METAVAR = "COMMANDE [ARGUMENTS]..."


def install() -> None:
    """Click's messages in French, for every command of ``idmix`` (idempotent)."""
    for param_type, name in TYPE_NAMES.items():
        param_type.name = name
    french = ClickFrench()
    for module in (core, decorators, exceptions, formatting, parser, termui, types, utils):
        if hasattr(module, "_"):
            module._ = french.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = french.ngettext



class FrenchCommand(click.Command):
    """A command whose one-line summary in ``idmix --help`` keeps its no-break spaces (click's own cuts the
    text at every space, no-break ones included, then joins the words with ordinary ones)."""

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return self.short_help
        words = re.sub(r"[ \t\r\n]+", " ", (self.help or "").split("\n\n")[0]).strip().split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if len(candidate) > limit - 1:
                return f"{line}…"
            line = candidate
        return line


class FrenchGroup(click.Group):
    command_class = FrenchCommand
