"""iCalendar subscriptions: staff create a secret feed URL per group, list and revoke them.

``/calendar/<token>.ics`` (endpoint ``calendar_feed.ics``) is the one back-office route without
sign-in: the token is the credential. An unknown or revoked token, or an owner who lost access
to the group, answers 404.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_admin import BaseView, expose
from flask_login import current_user
from sqlalchemy import select

from shared.alphabetical import alphabetical
from shared.groups.calendar_feeds import CalendarFeed, create_feed, feed_for_token, feeds_of, revoke_feed
from shared.groups.ical import build_calendar
from shared.groups.models import Group
from shared.staff.access import can_see
from shared.staff.models import Role, StaffMember
from shared.text import of_name

from ..core.actions import ActionView, form_level_errors, scoped, scoped_or_404
from ..core.base import current_staff
from ..core.fields import choices
from ..extensions import db
from .forms import CalendarFeedForm, RevokeForm


class CalendarSubscriptionView(ActionView):
    allowed_roles = (Role.ADMIN, Role.FACILITATOR, Role.REFERRER)
    in_menu = True

    @expose("/", methods=("GET", "POST"))
    def index(self):
        staff = current_staff()
        active = scoped(select(Group).where(Group.active.is_(True)), Group)
        groups = list(db.session.scalars(active.order_by(*alphabetical(Group.name))))
        form = CalendarFeedForm()
        form.group.choices = choices((g.id, g.name) for g in groups)
        new_url = None
        if form.validate_on_submit():
            feed, token = create_feed(db.session, scoped_or_404(Group, form.group.data), staff)
            # Shown once, in this answer only: never flashed (the session cookie is readable) nor stored.
            new_url = url_for("calendar_feed.ics", token=token, _external=True)
        feeds = list(db.session.scalars(feeds_of(staff)))
        return self.render("groups/calendar.html", form=form, feeds=feeds, new_url=new_url,
                           revoke_form=RevokeForm(), errors=form_level_errors(form))

    @expose("/<int:feed_id>/revoke", methods=("POST",))
    def revoke(self, feed_id: int):
        form = RevokeForm()
        if not form.validate_on_submit():
            abort(400)
        feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.id == feed_id,
                                                            CalendarFeed.staff_id == current_staff().id))
        if feed is None:
            abort(404)
        revoke_feed(db.session, feed)
        flash(f"Le lien d'abonnement à l'agenda {of_name(feed.group.name)} est révoqué : il ne fonctionne plus.", "success")
        return redirect(url_for(".index"))


class CalendarFeedView(BaseView):
    """The feed itself. Not a staff page: no menu entry, no sign-in, the token decides."""

    def is_accessible(self) -> bool:
        return True

    def is_visible(self) -> bool:
        return False

    @expose("/")
    def index(self):
        """Only the token URLs are public; the bare folder leads signed-in staff to their feeds."""
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=url_for("calendar_subscription.index")))
        return redirect(url_for("calendar_subscription.index"))

    @expose("/<token>.ics")
    def ics(self, token: str):
        feed = feed_for_token(db.session, token)
        if feed is None:
            abort(404)
        owner = db.session.get(StaffMember, feed.staff_id)
        if not can_see(db.session, owner, Group, feed.group_id):
            abort(404)
        body = build_calendar(db.session, feed.group)
        response = Response(body, mimetype="text/calendar")
        response.headers["Content-Disposition"] = 'inline; filename="seances.ics"'
        response.headers["Cache-Control"] = "private, max-age=900"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Robots-Tag"] = "noindex"
        return response
