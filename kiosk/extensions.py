"""The kiosk's Flask extensions, created unbound (application factory pattern)."""

from flask_babel import Babel
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

db = SQLAlchemy()
babel = Babel()
csrf = CSRFProtect()
