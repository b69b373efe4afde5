"""The back-office's Flask extensions, created unbound (application factory pattern)."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect

from shared.db import journaled_session_class

db = SQLAlchemy(session_options={"class_": journaled_session_class()})  # guarded and journaled (shared.db)
babel = Babel()
login_manager = LoginManager()
csrf = CSRFProtect()
