"""The evaluation of the action's form (Flask-WTF: CSRF token included), in French."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from ..core.fields import required_date
from .rendering import REVIEW_SECTIONS

MAX_TEXT = 8000
HELP = {
    "strengths": "Ce qui a bien marché : régularité, ambiance, activités appréciées, partenariats…",
    "weaknesses": "Ce qui a freiné : absences, tensions, moyens, publics peu présents…",
    "new_strategies": "Ce que l'équipe change pour que les personnes atteignent leurs objectifs.",
    "social_ties": "Liens créés entre les personnes, avec le quartier, avec des associations.",
    "valuing_people": "Ce que les personnes ont réalisé, montré, transmis ; la confiance retrouvée.",
}


def _text(label: str) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=MAX_TEXT, message=f"{MAX_TEXT} caractères au plus.")])


class ReviewTextsForm(FlaskForm):
    strengths = _text(dict(REVIEW_SECTIONS)["strengths"])
    weaknesses = _text(dict(REVIEW_SECTIONS)["weaknesses"])
    new_strategies = _text(dict(REVIEW_SECTIONS)["new_strategies"])
    social_ties = _text(dict(REVIEW_SECTIONS)["social_ties"])
    valuing_people = _text(dict(REVIEW_SECTIONS)["valuing_people"])

    def texts(self) -> dict[str, str | None]:
        return {name: getattr(self, name).data for name, _ in REVIEW_SECTIONS}


class NewReviewForm(ReviewTextsForm):
    group = SelectField("Action collective", coerce=int,
                        validators=[InputRequired("Choisissez le groupe dont vous évaluez l'action.")])
    period_from = required_date("Période évaluée : du")
    period_to = required_date("au")
