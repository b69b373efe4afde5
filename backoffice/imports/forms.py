"""The upload form (Flask-WTF: CSRF token included), in French."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField
from wtforms.validators import InputRequired

from shared.imports.columns import ImportKind

GUESS = ""
KIND_CHOICES = [(GUESS, "Deviner d'après les titres des colonnes")] + [(k.code, k.label) for k in ImportKind]


class UploadForm(FlaskForm):
    # Any group id is read: the view answers 403 for a group out of the staff member's reach (not a form error).
    group = SelectField("Groupe", coerce=int, validate_choice=False,
                        validators=[InputRequired("Choisissez le groupe.")])
    kind = SelectField("Le fichier contient", choices=KIND_CHOICES, default=GUESS)
    file = FileField("Fichier (XLSX, XLS, ODS ou CSV)")
