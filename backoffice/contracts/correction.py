"""« Corriger une erreur de saisie »: an admin changes the dates, co-signers, signature dates or objectives of
a signed contract, with a reason kept in the audit trail (``shared.contracts.editing.correct_contract``)."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from sqlalchemy import select

from shared.alphabetical import alphabetical
from shared.contracts.editing import correct_contract
from shared.contracts.models import Contract, Objective, ObjectiveCategory
from shared.contracts.operations import ObjectiveDraft
from shared.errors import DomainError
from shared.staff.models import Role, StaffMember

from ..core.actions import ActionView, contract_url, form_level_errors, scoped_or_404
from ..core.base import current_staff, record_key
from ..extensions import db
from .forms import CorrectionForm
from .saving import save_contract_form

FIELDS = ("starts_on", "ends_on", "participant_signed_on", "facilitator_signed_on", "referrer_signed_on")


def staff_choices(*conditions) -> list[tuple[int, str]]:
    query = (select(StaffMember).where(StaffMember.active.is_(True), *conditions)
             .order_by(*alphabetical(StaffMember.last_name)))
    return [(s.id, f"{s.full_name} – {s.job_title.label}") for s in db.session.scalars(query)]


class ContractCorrectionView(ActionView):
    allowed_roles = (Role.ADMIN,)

    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def correct(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        form = CorrectionForm()
        form.facilitator.choices = staff_choices(StaffMember.role != Role.REFERRER)
        form.referrer.choices = staff_choices()
        if request.method == "GET":
            self._fill(form, contract)
        saved, contract = save_contract_form(form, contract, lambda: self._correct(form, contract),
                                             {"objectives": "new_objectives"})
        if saved:
            flash(f"Le contrat n°{contract.id} est corrigé ; le motif est noté dans l'historique.", "success")
            return redirect(contract_url(contract.id))
        return self.render("contracts/contract_correction.html", contract=contract, form=form,
                           rows=_rows(form, contract), errors=form_level_errors(form))

    @staticmethod
    def _fill(form: CorrectionForm, contract: Contract) -> None:
        form.version.data = str(contract.version)
        for name in FIELDS:
            getattr(form, name).data = getattr(contract, name)
        form.facilitator.data, form.referrer.data = contract.facilitator_id, contract.referrer_id
        for objective in contract.objectives:
            form.objectives.append_entry({"objective_id": str(objective.id), "wording": objective.wording,
                                          "category": objective.category.value})

    @staticmethod
    def _correct(form: CorrectionForm, contract: Contract) -> None:
        known = {objective.id for objective in contract.objectives}
        drafts = [ObjectiveDraft(row.form.wording.data or "", _category(row.form.category.data), id=objective_id)
                  for row in form.objectives if (objective_id := _id(row.form.objective_id.data)) in known]
        drafts += [ObjectiveDraft(row.form.wording.data or "", _category(row.form.category.data))
                   for row in form.new_objectives if (row.form.wording.data or "").strip()]
        correct_contract(
            db.session, contract, reason=form.reason.data, actor=current_staff(),
            facilitator=_staff(form.facilitator.data, "facilitator"), referrer=_staff(form.referrer.data, "referrer"),
            objectives=drafts, **{name: getattr(form, name).data for name in FIELDS})


def _rows(form: CorrectionForm, contract: Contract) -> list:
    """(row, objective) pairs; a row posted for an objective of another contract is not shown."""
    by_id = {str(o.id): o for o in contract.objectives}
    return [(row, by_id[row.form.objective_id.data]) for row in form.objectives if row.form.objective_id.data in by_id]


def _id(value) -> int | None:
    return record_key(Objective.__mapper__.primary_key[0], value)


def _category(value) -> ObjectiveCategory:
    try:
        return ObjectiveCategory(value)
    except ValueError:
        return ObjectiveCategory.OTHER


def _staff(staff_id, field: str) -> StaffMember:
    staff = db.session.get(StaffMember, staff_id) if isinstance(staff_id, int) else None
    if staff is None or not staff.active:
        raise DomainError("Choisissez une personne de la liste.", field=field)
    return staff
