"""The evaluation of the action (strengths, weaknesses, new strategies…) for a group and a period,
written with the report's key figures beside it; and the list of past evaluations.

Same access as the report: admins for every group, facilitators for their groups; a review of
another group is a 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from shared import clock
from shared.errors import DomainError
from shared.evaluation.models import ActionReview
from shared.evaluation.operations import update_action_review, write_action_review
from shared.evaluation.queries import action_reviews, review_of_period
from shared.reports.figures import activity_report
from shared.reports.tables import display, key_figures, report_tables

from ..core.actions import WRITE_ROLES, ActionView, form_level_errors, show_domain_error
from ..extensions import db
from ..scope import current_staff, scoped_or_404
from .choice import calendar_year, parse_day, visible_groups
from .forms import HELP, NewReviewForm, ReviewTextsForm
from .rendering import REVIEW_SECTIONS

# The tables shown beside the texts, after the key figures.
SIDE_TABLES = ("people_status", "contracts", "objectives", "exits")


def figures_beside(group_id: int, period_from, period_to) -> dict:
    """Key figures and a few tables of the report for the reviewed group and period."""
    try:
        report = activity_report(db.session, period_from=period_from, period_to=period_to, group_id=group_id,
                                 today=clock.today())
    except DomainError:
        return {}
    tables = {t.key: t for t in report_tables(report)}
    return {"figures": key_figures(report), "side_tables": [tables[key] for key in SIDE_TABLES],
            "report_args": {"group": str(group_id), "from": period_from.isoformat(), "to": period_to.isoformat()}}


class ActionReviewView(ActionView):
    allowed_roles = WRITE_ROLES
    in_menu = True

    def _groups(self):
        return visible_groups(current_staff())

    @expose("/")
    def index(self):
        groups = self._groups()
        reviews = db.session.scalars(action_reviews().where(ActionReview.group_id.in_([g.id for g in groups]))
                                     .options(joinedload(ActionReview.group), joinedload(ActionReview.written_by)))
        return self.render("report/reviews.html", reviews=list(reviews), no_group=not groups,
                           sections=REVIEW_SECTIONS)

    @expose("/new", methods=("GET", "POST"))
    def create(self):
        groups = self._groups()
        form = NewReviewForm()
        form.group.choices = [(g.id, g.name) for g in groups]
        if request.method == "GET":
            self._prefill(form, groups)
            existing = self._existing(form)
            if existing is not None:
                return redirect(url_for(".edit", review_id=existing.id))
        previewing = request.method == "POST" and bool(request.form.get("preview"))
        if form.validate_on_submit() and not previewing:
            group = next((g for g in groups if g.id == form.group.data), None)
            if group is None:
                abort(404)
            try:
                review = write_action_review(db.session, group=group, period_from=form.period_from.data,
                                             period_to=form.period_to.data, actor=current_staff(), **form.texts())
            except DomainError as error:
                show_domain_error(form, error)
            except IntegrityError:  # the same review written elsewhere at the same instant
                db.session.rollback()
                form.form_errors.append("Une évaluation de ce groupe pour cette période vient d'être enregistrée : "
                                        "rouvrez-la depuis la liste.")
            else:
                flash("Évaluation de l'action enregistrée.", "success")
                return redirect(url_for(".edit", review_id=review.id))
        # Only a group of the list: a posted number may be anything (too large for the database too).
        chosen = form.group.data in {g.id for g in groups}
        existing = self._existing(form) if request.method == "POST" and chosen else None
        beside = {}
        if form.group.data in {g.id for g in groups} and form.period_from.data and form.period_to.data:
            beside = figures_beside(form.group.data, form.period_from.data, form.period_to.data)
        return self.render("report/review_form.html", form=form, review=None, existing=existing, help=HELP,
                           sections=REVIEW_SECTIONS, errors=form_level_errors(form), no_group=not groups,
                           display=display, **beside)

    @expose("/<int:review_id>", methods=("GET", "POST"))
    def edit(self, review_id: int):
        review = scoped_or_404(ActionReview, review_id)
        form = ReviewTextsForm(obj=review if request.method == "GET" else None)
        if form.validate_on_submit():
            try:
                update_action_review(db.session, review, actor=current_staff(), **form.texts())
            except DomainError as error:
                show_domain_error(form, error)
            else:
                flash("Évaluation de l'action enregistrée.", "success")
                return redirect(url_for(".edit", review_id=review.id))
        beside = figures_beside(review.group_id, review.period_from, review.period_to)
        return self.render("report/review_form.html", form=form, review=review, help=HELP, sections=REVIEW_SECTIONS,
                           errors=form_level_errors(form), display=display, **beside)

    @staticmethod
    def _prefill(form: NewReviewForm, groups) -> None:
        """From the report's link (group, from, to), else the only group and last calendar year."""
        group = request.args.get("group", type=int)
        if group in {g.id for g in groups}:
            form.group.data = group
        elif len(groups) == 1:
            form.group.data = groups[0].id
        start, end = calendar_year(clock.today().year - 1)
        form.period_from.data = parse_day(request.args.get("from")) or start
        form.period_to.data = parse_day(request.args.get("to")) or end

    @staticmethod
    def _existing(form: NewReviewForm) -> ActionReview | None:
        if not (form.group.data and form.period_from.data and form.period_to.data):
            return None
        return db.session.scalar(review_of_period(form.group.data, form.period_from.data, form.period_to.data))
