"""The admin home: what needs action today."""

from __future__ import annotations

from flask_admin import AdminIndexView, expose

from .base import AccessMixin


class DashboardView(AccessMixin, AdminIndexView):
    @expose("/")
    def index(self):
        return self.render("admin/index.html")
