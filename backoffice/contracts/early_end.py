"""End a contract before its planned end, with a date and a reason."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose

from shared.contracts.models import Contract
from shared.contracts.operations import end_contract_early
from shared.dates import fr

from ..core.actions import ActionView, contract_url, form_level_errors, scoped_or_404
from ..core.base import current_staff
from ..extensions import db
from .forms import EarlyEndForm
from .saving import save_contract_form


class EarlyEndView(ActionView):
    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def end(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        form = EarlyEndForm(obj=contract if contract.ended_early_on else None)
        if request.method == "GET":
            form.version.data = str(contract.version)
        saved, contract = save_contract_form(form, contract, lambda: end_contract_early(
            db.session, contract, on=form.ended_early_on.data, reason=form.early_end_reason.data, actor=current_staff()))
        if saved:
            flash(f"Le contrat n°{contract.id} prend fin le {fr(contract.ended_early_on)}.", "success")
            return redirect(contract_url(contract.id))
        return self.render("contracts/early_end.html", contract=contract, form=form, errors=form_level_errors(form))
