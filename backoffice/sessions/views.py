"""Sessions (séances) and attendance (émargement)."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, g, redirect, request, url_for
from flask_admin import expose
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from wtforms.validators import DataRequired

from shared import clock
from shared.alphabetical import alphabetical, sort_key
from shared.groups.models import Group, Theme
from shared.partners.models import Partner
from shared.records.deletion import delete_record
from shared.sessions.models import Attendance, AttendanceStatus, Session
from shared.sessions.operations import add_attendance, change_attendance_status
from shared.errors import DomainError
from shared.sessions.planning import CANCEL_INSTEAD, plan_session, update_session
from shared.sessions.rules import check_may_change_session
from shared.sessions.queries import held_by_condition, list_figures
from shared.staff.models import Role

from ..core import ajax
from ..core.base import role_allowed
from ..scope import current_staff
from ..core.common import EntityView, joined_person
from ..core.fields import CHOOSE, enum_select, visible
from ..core.filters import ChoiceFilter, IdFilter, model_options, name_options, session_capacity_filter, session_period_filter
from ..core.formatters import french_number
from ..core.sorting import InnerJoinSortMixin
from ..extensions import db
from ..scope import scoped
from .trial_notices import flash_trial_notices


def _present(model) -> int:
    """People present, counted for the page (``SessionView._load_counts``), whoever the viewer may see."""
    return g.get("idmix_present", {}).get(model.id, 0)


def _attendance(view, context, model, name):
    present = _present(model)
    if model.capacity:
        colour = "danger" if present >= model.capacity else "light border"
        return Markup('<span class="badge badge-%s">%s / %s</span>') % (colour, present, model.capacity)
    return present


def _attendance_text(view, context, model, name):
    return _present(model)  # a number a spreadsheet sums; the places are their own column


def _mood(view, context, model, name):
    if not role_allowed((Role.ADMIN, Role.FACILITATOR)):
        return ""
    row = g.get("idmix_moods", {}).get(model.id)
    return f"{french_number(row.average)} / 4 ({row.answers} avis)" if row else "—"  # « 3,7 / 4 »


def _attendees(view, context, model, name):
    """The attendees the viewer may see (``shared.staff.access``); the others as a count, without names."""
    visible = set(db.session.scalars(scoped(select(Attendance.id).where(Attendance.session_id == model.id),
                                            Attendance)))
    rows = sorted((a for a in model.attendances if a.id in visible),
                  key=lambda a: (sort_key(a.participant.last_name), sort_key(a.participant.first_name)))
    others = len(model.attendances) - len(rows)
    items = Markup("").join(
        Markup('<li><a href="%s">%s</a> – %s%s</li>') % (
            url_for("attendance.details_view", id=a.id), a.participant.full_name, a.status.label,
            " (essai)" if a.is_trial else "")
        for a in rows
    )
    if others:
        items += Markup('<li class="text-muted">%s</li>') % (
            f"et {others} autre{'s' if others > 1 else ''} personne{'s' if others > 1 else ''}, "
            "hors de votre périmètre")
    return Markup('<ul class="mb-0">%s</ul>') % items if rows or others else "Aucun émargement."


def _groups(view, context, model, name):
    """The host group, and the guests of a joint session: « ID'MIX (séance commune avec Les Jardins) »."""
    if not model.guest_groups:
        return model.group.name
    return f"{model.group.name} (séance commune avec {', '.join(g.name for g in model.guest_groups)})"


def _venue(view, context, model, name):
    return model.venue or ""


def all_groups():
    """Any active group may be invited to a joint session: a group's name is no one's data."""
    return db.session.scalars(select(Group).where(Group.active.is_(True)).order_by(*alphabetical(Group.name))).all()


class SessionView(EntityView):
    endpoint_name = "session"
    actions_template = "sessions/session_actions.html"
    row_actions_template = "sessions/session_row_actions.html"
    column_list = ["held_on", "group", "theme", "title", "starts_at", "ends_at", "attendance", "mood", "cancelled"]
    column_details_list = ["held_on", "group", "theme", "title", "partner", "place", "starts_at", "ends_at",
                           "capacity", "attendance", "attendances", "mood", "cancelled", "cancel_reason"]
    column_export_list = ["held_on", "group", "theme", "title", "partner", "place", "starts_at", "ends_at", "capacity",
                          "attendance", "cancelled", "cancel_reason"]
    column_labels = {"held_on": "Date", "group": "Groupe", "theme": "Thème", "title": "Intitulé", "place": "Lieu",
                     "starts_at": "Début", "ends_at": "Fin", "capacity": "Places", "attendance": "Présents",
                     "attendances": "Émargement", "mood": "Humeur moyenne", "cancelled": "Annulée",
                     "cancel_reason": "Motif d'annulation", "theme.name": "Thème",
                     "guest_groups": "Groupes invités (séance commune)", "partner": "Partenaire",
                     "at_partner": "Chez le partenaire (son adresse est le lieu)"}
    column_descriptions = {
        "guest_groups": "Une séance commune : les personnes de chaque groupe sont attendues, émargent sur la "
                        "tablette de leur groupe ou sur celle de l'autre, et comptent dans leur propre groupe.",
        "partner": "Une structure de l'annuaire qui travaille avec l'un des groupes de la séance.",
    }
    column_searchable_list = ["title", "place", "theme.name"]
    column_sortable_list = ["held_on", ("group", "group.name"), ("theme", "theme.name"), "title"]
    column_default_sort = ("held_on", True)
    list_loads = (joinedload(Session.group), joinedload(Session.theme),  # present: ``_load_counts``
                  selectinload(Session.guest_groups))
    column_formatters = {"attendance": _attendance, "mood": _mood, "group": _groups}
    column_formatters_detail = {"attendance": _attendance, "mood": _mood, "attendances": _attendees,
                                "group": _groups, "place": _venue}
    column_formatters_export = {"attendance": _attendance_text, "group": _groups, "place": _venue}
    form_columns = ["group", "guest_groups", "held_on", "starts_at", "ends_at", "theme", "title", "partner",
                    "at_partner", "place", "capacity", "cancelled", "cancel_reason"]
    form_args = {
        "group": {"query_factory": visible(Group, order_by=[Group.name]),
                  "validators": [DataRequired("Choisissez le groupe.")], "label": "Groupe (qui accueille)"},
        "guest_groups": {"query_factory": all_groups},
        "partner": {"query_factory": visible(Partner, order_by=[Partner.name])},
        "theme": {"query_factory": visible(Theme, Theme.active.is_(True), order_by=[Theme.name])},
        "held_on": {"validators": [DataRequired("Indiquez la date de la séance.")]},
        "starts_at": {"validators": [DataRequired("Indiquez l'heure de début.")]},
        "ends_at": {"validators": [DataRequired("Indiquez l'heure de fin.")]},
    }

    @property
    def column_filters(self):
        return [
            session_period_filter(Session.id),
            session_capacity_filter(Session.id),
            IdFilter(Session.theme_id, "Thème", lambda v: Session.theme_id == v,
                     name_options(Theme)),
            # A group's sessions, the joint sessions it is invited to included.
            IdFilter(Session.group_id, "Groupe", held_by_condition, name_options(Group)),
            IdFilter(Session.partner_id, "Partenaire", lambda v: Session.partner_id == v, name_options(Partner)),
        ]

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            self._load_counts([row.id for row in rows])
        return count, rows

    def get_one(self, id):
        record = super().get_one(id)
        if record is not None:
            self._load_counts([record.id])
        return record

    def _load_counts(self, ids) -> None:
        """The page's present counts and, for staff who may read them, mood averages: one query."""
        g.idmix_present, g.idmix_moods = {}, {}
        if not ids:
            return
        with_moods = role_allowed((Role.ADMIN, Role.FACILITATOR))
        values = {"ids": ids, "today": clock.today()} if with_moods else {"ids": ids}
        for row in db.session.connection().execute(list_figures(with_moods), values):
            g.idmix_present[row.id] = row.present
            if row.answers is not None:
                g.idmix_moods[row.id] = row

    def _session_values(self, form) -> dict:
        return dict(group=form.group.data, held_on=form.held_on.data, starts_at=form.starts_at.data,
                    ends_at=form.ends_at.data, theme=form.theme.data, title=form.title.data,
                    place=form.place.data, capacity=form.capacity.data, cancelled=bool(form.cancelled.data),
                    cancel_reason=form.cancel_reason.data, guest_groups=form.guest_groups.data or [],
                    partner=form.partner.data, at_partner=bool(form.at_partner.data))

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        """A guest group's facilitator reads a joint session; its host's team changes it: said before the form."""
        if not role_allowed(self.write_roles):
            abort(403)  # as every edit form: a role that writes nothing is refused before any record is looked up
        record = self.get_one(request.args.get("id"))
        try:
            check_may_change_session(current_staff(), record)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for(".details_view", id=record.id))
        return super().edit_view()

    def create_record(self, form):
        return plan_session(db.session, **self._session_values(form))

    def update_record(self, form, model) -> None:
        update_session(db.session, model, **self._session_values(form), actor=current_staff())

    def delete_record(self, model) -> None:
        delete_record(db.session, model, why_not=CANCEL_INSTEAD)


class ShownOnly(ajax.ScopedAjaxSelectField):
    """A picker shown for information: what is posted in its name is ignored."""

    def process_formdata(self, valuelist) -> None:
        return None

    def pre_validate(self, form) -> None:
        return None


RECENT_SESSION_OPTIONS = 40  # fifty groups' sessions of four months weighed 40 KB on every attendance page


def recent_days(before: int = 90, after: int = 30):
    today = clock.today()
    return today - dt.timedelta(days=before), today + dt.timedelta(days=after)


class AttendanceView(InnerJoinSortMixin, EntityView):
    endpoint_name = "attendance"
    column_list = ["session", "participant", "status", "is_trial", "source"]
    column_details_list = ["session", "participant", "status", "is_trial", "source", "recorded_at"]
    column_export_list = ["session", "participant", "status", "is_trial", "source"]
    column_labels = {"session": "Séance", "participant": "Personne", "participant.last_name": "Nom", "participant.first_name": "Prénom", "status": "Présence",
                     "is_trial": "Séance d'essai", "source": "Saisi par", "recorded_at": "Enregistré le"}
    column_searchable_list = ["participant.last_name", "participant.first_name"]
    column_sortable_list = [("session", "session.held_on"), ("participant", "participant.last_name"), "status"]
    column_default_sort = [("session.held_on", True)]
    list_loads = (joinedload(Attendance.session).joinedload(Session.theme), joined_person(Attendance.participant))
    # The trial flag is derived (no contract in force that day), never typed.
    form_columns = ["session", "participant", "status"]
    # Present, excused or absent is counted in the funders' report: chosen on purpose, never preselected.
    form_overrides = {"status": enum_select(AttendanceStatus, blank=CHOOSE)}
    form_args = {
        "session": {"validators": [DataRequired("Choisissez la séance.")]},
        "participant": {"validators": [DataRequired("Choisissez la personne.")]},
        "status": {"validators": [DataRequired("Choisissez la présence.")]},
    }
    # Years of sessions and thousands of people: searched as one types, not listed in the page.
    form_ajax_refs = {"session": ajax.sessions("session"), "participant": ajax.people("participant")}

    @property
    def column_filters(self):
        return [
            ChoiceFilter(Attendance.status, "Présence",
                         {s.value: (lambda s=s: Attendance.status == s) for s in AttendanceStatus},
                         {s.value: s.label for s in AttendanceStatus}),
            # Options for the sessions around today only (years of sessions would make every list page
            # heavy); an older session's attendance is one click away from that session's page.
            IdFilter(Attendance.session_id, "Séance", lambda v: Attendance.session_id == v,
                     model_options(Session, order_by=Session.held_on.desc(), load=[joinedload(Session.theme)],
                                   where=[Session.held_on.between(*recent_days())], limit=RECENT_SESSION_OPTIONS)),
            # No drop-down of every person: the search box finds a name; links give the person's number.
            IdFilter(Attendance.participant_id, "Personne", lambda v: Attendance.participant_id == v, None),
        ]

    def get_edit_form(self):
        """Only the status changes: the session and the person are shown, greyed, and never read back."""
        class StatusForm(self.form_base_class):
            session = ShownOnly(self.ajax_loader("session"), "Séance", render_kw={"disabled": True})
            participant = ShownOnly(self.ajax_loader("participant"), "Personne", render_kw={"disabled": True})
            status = enum_select(AttendanceStatus)("Présence", validators=[DataRequired("Choisissez la présence.")])
        return StatusForm

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if request.method == "GET":  # the model's default (present) is for the tablet, not a form's preselection
            form.status.data = None
        return form

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None:
            form.status.description = "La séance et la personne d'un émargement ne changent pas : seule la présence."
        return form

    def create_record(self, form):
        attendance = add_attendance(db.session, session=form.session.data, participant=form.participant.data,
                                    status=form.status.data, now=clock.now())
        flash_trial_notices([attendance])
        return attendance

    def update_record(self, form, model) -> None:
        flash_trial_notices([change_attendance_status(db.session, model, status=form.status.data, now=clock.now())])
