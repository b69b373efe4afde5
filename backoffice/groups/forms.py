"""The forms of a group's calendar subscriptions (Flask-WTF: CSRF token included), in French."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired


class CalendarFeedForm(FlaskForm):
    group = SelectField("Action collective", coerce=int, validators=[InputRequired("Choisissez une action collective.")])


class RevokeForm(FlaskForm):
    """A bare form: the CSRF token of the revoke buttons."""
