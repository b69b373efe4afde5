"""The forms of the session actions (Flask-WTF: CSRF token included), in French."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired

from ..core.fields import required_date


class ScheduleForm(FlaskForm):
    group = SelectField("Action collective", coerce=int, validators=[InputRequired("Choisissez une action collective.")])
    start = required_date("Du")
    end = required_date("Au")


class AttendanceForm(FlaskForm):
    """Carries the CSRF token; the rows (``status-<participant id>``) are read by the view."""
