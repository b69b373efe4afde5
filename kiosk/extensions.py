"""The kiosk's Flask extensions, created unbound (application factory pattern)."""

from flask_babel import Babel
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

from shared.writes import guarded_session_class

db = SQLAlchemy(session_options={"class_": guarded_session_class()})  # only operations of shared/ write
babel = Babel()
csrf = CSRFProtect()
