"""Renew a contract: a pre-filled draft (same parties, the day after) that must set a new objective."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shared.contracts.models import Contract, ObjectiveCategory
from shared.contracts.operations import ObjectiveDraft, draft_renewal, renew_contract
from shared.contracts.rules import check_renewable
from shared.errors import ContractRuleError, DomainError

from ..core.actions import ActionView, contract_url, form_level_errors, scoped_or_404, show_domain_error
from ..core.base import current_staff
from ..extensions import db
from .forms import RenewalForm

MAX_NEW_ROWS = 12


class RenewalView(ActionView):
    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def renew(self, contract_id: int):
        previous = scoped_or_404(Contract, contract_id)
        existing = db.session.scalar(select(Contract).where(Contract.renews_id == previous.id))
        if existing is not None:
            return self.render("contracts/renewal.html", previous=previous, existing=existing)
        try:
            check_renewable(db.session, previous)
        except ContractRuleError as refused:  # the person left: no form, the way back instead
            return self.render("contracts/renewal.html", previous=previous, refused=refused.message)
        draft = draft_renewal(previous)
        # The draft is for display only: keep it out of the session and off previous.renewed_by.
        draft.renews = None
        if draft in db.session:
            db.session.expunge(draft)
        db.session.expire(previous, ["renewed_by"])
        form = RenewalForm(obj=None if request.method == "POST" else draft)
        self._sync_kept_rows(form, previous)
        if request.method == "POST" and request.form.get("add_row") and len(form.objectives) < MAX_NEW_ROWS:
            form.objectives.append_entry()
        elif request.method == "POST" and form.validate():
            try:
                renewal = renew_contract(
                    db.session,
                    previous,
                    objectives=self._kept(form, previous) + self._new(form),
                    starts_on=form.starts_on.data,
                    ends_on=form.ends_on.data,
                    expectations=form.expectations.data or None,
                    actor=current_staff(),
                )
            except DomainError as error:
                show_domain_error(form, error)
            except IntegrityError:  # renewed by someone else at the same instant
                db.session.rollback()
                existing = db.session.scalar(select(Contract).where(Contract.renews_id == previous.id))
                if existing is None:
                    raise
                return self.render("contracts/renewal.html", previous=previous, existing=existing)
            else:
                flash(f"Le contrat n°{renewal.id} renouvelle le contrat n°{previous.id}. "
                      "Il reste à le faire signer par les trois parties.", "success")
                return redirect(contract_url(renewal.id))
        return self.render(
            "contracts/renewal.html", previous=previous, draft=draft, form=form,
            kept_rows=_kept_rows(form, previous), errors=form_level_errors(form),
        )

    @staticmethod
    def _sync_kept_rows(form: RenewalForm, previous: Contract) -> None:
        """One "keep" row per previous objective, in order; ticked by default on a fresh form."""
        if request.method == "POST":
            return
        for objective in previous.objectives:
            form.kept.append_entry({"objective_id": str(objective.id), "keep": True})

    @staticmethod
    def _kept(form: RenewalForm, previous: Contract) -> list[ObjectiveDraft]:
        kept = {row.form.objective_id.data for row in form.kept if row.form.keep.data}
        return [ObjectiveDraft(o.wording, o.category) for o in previous.objectives if str(o.id) in kept]

    @staticmethod
    def _new(form: RenewalForm) -> list[ObjectiveDraft]:
        return [
            ObjectiveDraft(row.form.wording.data.strip(), ObjectiveCategory(row.form.category.data))
            for row in form.objectives
            if (row.form.wording.data or "").strip()
        ]


def _kept_rows(form: RenewalForm, previous: Contract) -> list:
    """(checkbox row, previous objective) pairs; a row posted for an unknown objective is dropped."""
    by_id = {str(o.id): o for o in previous.objectives}
    return [(row, by_id[row.form.objective_id.data]) for row in form.kept if row.form.objective_id.data in by_id]
