"""The contract action forms (Flask-WTF: CSRF token included), in French."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, FormField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from shared import clock
from shared.contracts.models import ObjectiveCategory
from shared.contracts.operations import Party

from ..core.fields import choices, required_date

PARTY_LABELS = {
    Party.PARTICIPANT: "La personne",
    Party.FACILITATOR: "L'animateur ou l'animatrice",
    Party.REFERRER: "Le travailleur social orienteur",
}



class NewObjectiveForm(FlaskForm):
    class Meta:
        csrf = False  # a row inside the renewal form, which carries the token

    wording = StringField("Objectif", validators=[Optional(), Length(max=300, message="300 caractères au plus.")])
    category = SelectField("Catégorie", choices=choices(ObjectiveCategory.choices()), default=ObjectiveCategory.SOCIAL_TIES.value)


class KeptObjectiveForm(FlaskForm):
    class Meta:
        csrf = False

    objective_id = HiddenField()
    keep = BooleanField("Garder", default=True)


class RenewalForm(FlaskForm):
    starts_on = required_date("Début du nouveau contrat")
    ends_on = required_date("Fin du nouveau contrat")
    expectations = TextAreaField("Attentes de la personne", validators=[Optional(), Length(max=4000)])
    kept = FieldList(FormField(KeptObjectiveForm))
    objectives = FieldList(FormField(NewObjectiveForm), min_entries=3)


class SignatureForm(FlaskForm):
    version = HiddenField()  # the contract's version when the page was opened (see base.edited_from_stale_copy)
    party = SelectField("Partie qui signe", validators=[DataRequired("Choisissez qui signe.")])
    signed_on = required_date("Date de signature", default=clock.today)


class EarlyEndForm(FlaskForm):
    version = HiddenField()
    ended_early_on = required_date("Date de fin anticipée", default=clock.today)
    early_end_reason = TextAreaField(
        "Motif",
        validators=[DataRequired("Indiquez le motif de la fin anticipée."), Length(max=300, message="300 caractères au plus.")],
    )


class CorrectedObjectiveForm(FlaskForm):
    class Meta:
        csrf = False  # a row inside the correction form, which carries the token

    objective_id = HiddenField()
    wording = StringField("Objectif")
    category = SelectField("Catégorie", choices=choices(ObjectiveCategory.choices()))


class CorrectionForm(FlaskForm):
    """An admin corrects a typing error in a signed contract; the domain checks every value."""

    version = HiddenField()
    starts_on = required_date("Début")
    ends_on = required_date("Fin prévue")
    facilitator = SelectField("Animateur(trice)", coerce=int, validate_choice=False,
                              validators=[InputRequired("Choisissez l'animateur ou l'animatrice.")])
    referrer = SelectField("Travailleur social orienteur", coerce=int, validate_choice=False,
                           validators=[InputRequired("Choisissez le travailleur social orienteur.")])
    participant_signed_on = required_date("Signé par la personne le")
    facilitator_signed_on = required_date("Signé par l'animateur le")
    referrer_signed_on = required_date("Signé par l'orienteur le")
    objectives = FieldList(FormField(CorrectedObjectiveForm))
    new_objectives = FieldList(FormField(NewObjectiveForm), min_entries=1)
    reason = TextAreaField("Motif de la correction", validators=[DataRequired("Indiquez le motif de la correction.")])
