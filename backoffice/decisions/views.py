"""Decisions of the groups: the proposals made on the tablet (merge duplicates, put to the vote),
the votes with their results (counts and a bar chart, once closed, from 3 voters), the winner carried
into a coming session in one click."""

from __future__ import annotations

import datetime as dt

import pygal
from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.validators import DataRequired

from shared import clock
from shared.alphabetical import alphabetical
from shared.dates import fr
from shared.db import id_from_text
from shared.decisions.models import MAX_CHOICES, MIN_CHOICES, Proposal, Vote
from shared.decisions.operations import (ChoiceInput, DecisionError, adopt_choice, check_adoptable, close_vote,
                                         merge_proposals, open_vote, vote_refusals)
from shared.decisions.periods import default_session, offered_sessions, period_of, sessions_for_result
from shared.decisions.pictograms import PICTOGRAMS
from shared.decisions.queries import pending_proposals
from shared.decisions.results import Results, results_of
from shared.errors import DomainError
from shared.groups.models import Group
from shared.sessions.models import Session

from ..charts import count_axis, new_chart, render_inline
from ..core.actions import ActionView
from ..core.fields import FrenchDateField
from ..extensions import db
from ..scope import current_staff, scoped, scoped_or_404


class ButtonForm(FlaskForm):
    """The CSRF token of each button and form of the page."""


class VoteForm(ButtonForm):
    """The vote's last day, typed and picked JJ/MM/AAAA like every date of the back-office; the rest of the
    form (group, question, up to six choices with their pictures) is read by ``DecisionView._typed_vote``."""

    closes_on = FrenchDateField("Dernier jour du vote", validators=[DataRequired("Indiquez le dernier jour du vote.")])


def visible_groups() -> list[Group]:
    query = scoped(select(Group).where(Group.active.is_(True)), Group).order_by(*alphabetical(Group.name))
    return db.session.scalars(query).all()


def results_chart(vote: Vote, results: Results) -> Markup:
    rows = [(row.choice.label, row.count) for row in results.rows] + [("Je ne sais pas", results.dont_know)]
    chart = new_chart(pygal.HorizontalBar, title=None, show_legend=False, print_values=True, height=90 + 46 *
                      (len(results.rows) + 1), truncate_label=-1,
                      y_labels=count_axis(max(count for _, count in rows)))  # whole votes, never 0,5
    chart.x_labels = [label for label, _ in reversed(rows)]
    chart.add("Votes", [count for _, count in reversed(rows)])
    return render_inline(chart)


def _ids(name: str) -> list[int]:
    return [number for value in request.form.getlist(name) if (number := id_from_text(value)) is not None]


class DecisionView(ActionView):
    in_menu = True

    @expose("/")
    def index(self):
        groups = visible_groups()
        ids = [group.id for group in groups]
        today = clock.today()
        proposals = db.session.scalars(scoped(pending_proposals().where(Proposal.group_id.in_(ids)), Proposal)).all()
        votes = db.session.scalars(scoped(select(Vote).where(Vote.group_id.in_(ids)), Vote)
                                   .order_by(Vote.closes_on.desc(), Vote.id.desc()).limit(30)).all()
        shown = []
        for vote in votes:
            results = results_of(db.session, vote)
            closed = vote.is_closed(today)
            sessions = self._result_sessions(vote, today) if closed and results.shown else []
            shown.append(dict(vote=vote, results=results, closed=closed, sessions=sessions,
                              default=default_session(sessions, vote), period=period_of(vote),
                              chart=results_chart(vote, results) if closed and results.shown else None))
        return self.render("decisions/index.html", proposals=proposals, votes=shown, form=ButtonForm(),
                           pictograms=PICTOGRAMS, today=today)

    @expose("/regrouper", methods=("POST",))
    def merge(self):
        if ButtonForm().validate_on_submit():
            chosen = [scoped_or_404(Proposal, pid) for pid in _ids("proposal")]
            keep_id = request.form.get("keep", "")
            keep = next((p for p in chosen if str(p.id) == keep_id), chosen[0] if chosen else None)
            if len(chosen) < 2:
                flash("Cochez au moins deux idées à regrouper.", "error")
            else:
                try:
                    merge_proposals(db.session, keep=keep, duplicates=chosen, actor=current_staff())
                    flash(f"Idées regroupées dans « {keep} ».", "success")
                except DomainError as error:
                    db.session.rollback()
                    flash(error.message, "error")
        return redirect(url_for(".index"))

    @expose("/vote", methods=("GET", "POST"))
    def new_vote(self):
        groups = visible_groups()
        if not groups:
            abort(404)
        opening = request.method == "POST" and request.form.get("step") == "open"
        form = VoteForm(formdata=request.form if opening else None,
                        closes_on=clock.today() + dt.timedelta(days=14))
        proposals = [scoped_or_404(Proposal, pid) for pid in _ids("proposal")] if request.method == "POST" else []
        errors: dict[str, list[str]] = {}  # by field, shown under it: group, question, choices; form: on top
        values = dict(group=str(proposals[0].group_id if proposals else groups[0].id), question="",
                      choices=[(p.text or PICTOGRAMS.get(p.pictogram, ("",))[0], p.pictogram or "", p.id)
                               for p in proposals][:MAX_CHOICES])
        if opening:
            values = self._typed_vote()
            vote = self._open(form, groups, values, errors)
            if vote is not None:
                flash(f"Le vote « {vote.question} » est ouvert sur la tablette jusqu'au "
                      f"{fr(vote.closes_on)}.", "success")
                return redirect(url_for(".index"))
        while len(values["choices"]) < MAX_CHOICES:
            values["choices"].append(("", "", None))
        return self.render("decisions/vote_form.html", groups=groups, values=values, errors=errors, form=form,
                           pictograms=PICTOGRAMS, min_choices=MIN_CHOICES, max_choices=MAX_CHOICES)

    def _open(self, form: VoteForm, groups: list[Group], values: dict, errors: dict[str, list[str]]) -> Vote | None:
        """The vote opened, or None with what is wrong in ``errors`` (and the date's in ``form``)."""
        form.validate()  # the date (CSRFProtect already checked the token)
        group = next((g for g in groups if str(g.id) == values["group"]), None)
        if group is None:
            errors["group"] = ["Choisissez le groupe."]
        choices = [ChoiceInput(label, picture, scoped_or_404(Proposal, pid) if pid else None)
                   for label, picture, pid in values["choices"]]
        refusals = vote_refusals(values["question"], choices, opens_on=clock.today(),
                                 closes_on=None if form.closes_on.errors else form.closes_on.data)
        for field, message in refusals.items():  # every field's refusal at once, each under its field
            if field == "closes_on":
                form.closes_on.errors = [*form.closes_on.errors, message]
            else:
                errors.setdefault(field, []).append(message)
        if group is None or form.closes_on.errors or refusals:
            return None
        try:
            return open_vote(db.session, group=group, question=values["question"], choices=choices,
                             opens_on=clock.today(), closes_on=form.closes_on.data, actor=current_staff())
        except DomainError as error:
            db.session.rollback()
            if error.field == "closes_on":
                form.closes_on.errors = [*form.closes_on.errors, error.message]
            else:
                errors.setdefault(error.field if error.field in ("question", "choices") else "form",
                                  []).append(error.message)
            return None

    def _typed_vote(self) -> dict:
        choices = []
        for n in range(MAX_CHOICES):
            label = request.form.get(f"label-{n}", "")
            proposal = request.form.get(f"proposal-{n}", "")
            if label.strip():
                choices.append((label, request.form.get(f"picture-{n}", ""),
                                id_from_text(proposal)))
        return dict(group=request.form.get("group", ""), question=request.form.get("question", ""),
                    choices=choices)

    @expose("/<int:vote_id>/clore", methods=("POST",))
    def close(self, vote_id: int):
        vote = scoped_or_404(Vote, vote_id)
        if ButtonForm().validate_on_submit():
            close_vote(db.session, vote, actor=current_staff())
            flash(f"Le vote « {vote.question} » est terminé : ses résultats sont sur la tablette.", "success")
        return redirect(url_for(".index"))

    @staticmethod
    def _result_sessions(vote: Vote, today: dt.date) -> list[Session]:
        sessions = db.session.scalars(sessions_for_result(vote, today).options(joinedload(Session.theme))).all()
        return offered_sessions(sessions, vote)

    @expose("/<int:vote_id>/retenir", methods=("POST",))
    def adopt(self, vote_id: int):
        """« En faire le thème de cette séance »: first what will change (the session, its title now and after),
        then, confirmed, the change. The confirmation carries the title it showed: changed meanwhile, it is
        shown again rather than replaced unseen."""
        vote = scoped_or_404(Vote, vote_id)
        if not ButtonForm().validate_on_submit():
            return redirect(url_for(".index"))
        today = clock.today()
        choice = _one_of(vote.choices, request.form.get("choice", ""))
        sessions = self._result_sessions(vote, today)
        session = _one_of(sessions, request.form.get("session", ""))
        if choice is None or session is None:
            flash("Choisissez une séance à venir.", "error")
            return redirect(url_for(".index"))
        try:
            check_adoptable(db.session, vote, choice, today)
        except DecisionError as error:
            flash(error.message, "error")
            return redirect(url_for(".index"))
        seen = request.form.get("replaces")
        if request.form.get("confirmed") == "1" and seen is not None:
            if seen != (session.title or ""):
                flash("Le titre de cette séance a changé entre-temps : voici ce qui sera remplacé maintenant.",
                      "error")
            else:
                try:
                    adopt_choice(db.session, vote, choice=choice, session=session, today=today,
                                 actor=current_staff())
                except DecisionError as error:
                    db.session.rollback()
                    flash(error.message, "error")
                    return redirect(url_for(".index"))
                replaced = f", à la place de « {seen} »" if seen else ""
                flash(f"« {choice.label} » est au programme de la séance du {fr(session.held_on)}{replaced}.",
                      "success")
                return redirect(url_for(".index"))
        return self.render("decisions/adopt_confirm.html", vote=vote, choice=choice, session=session,
                           sessions=sessions, period=period_of(vote), form=ButtonForm())


def _one_of(records, raw: str):
    """The record of ``records`` whose id was posted, or None (absent, forged, or not offered)."""
    wanted = id_from_text(raw)
    return next((record for record in records if wanted is not None and record.id == wanted), None)
