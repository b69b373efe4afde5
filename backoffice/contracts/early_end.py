"""End a contract before its planned end, with a date and a reason."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy.orm.exc import StaleDataError

from shared.contracts.models import Contract
from shared.contracts.operations import end_contract_early
from shared.dates import fr
from shared.errors import DomainError

from ..core.base import current_staff
from ..extensions import db
from ..core.actions import (ActionView, contract_url, form_level_errors, scoped_or_404, show_conflict,
                           show_domain_error)
from .forms import EarlyEndForm
from .views import edited_from_stale_copy


class EarlyEndView(ActionView):
    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def end(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        form = EarlyEndForm(obj=contract if contract.ended_early_on else None)
        if request.method == "GET":
            form.version.data = str(contract.version)
        if request.method == "POST" and edited_from_stale_copy(form, contract):
            show_conflict(form)
        elif form.validate_on_submit():
            try:
                end_contract_early(db.session, contract, on=form.ended_early_on.data,
                                   reason=form.early_end_reason.data, actor=current_staff())
            except DomainError as error:
                show_domain_error(form, error)
                contract = scoped_or_404(Contract, contract_id)
            except StaleDataError:
                show_conflict(form)
                contract = scoped_or_404(Contract, contract_id)
            else:
                flash(f"Le contrat n°{contract.id} prend fin le {fr(contract.ended_early_on)}.", "success")
                return redirect(contract_url(contract.id))
        return self.render("contracts/early_end.html", contract=contract, form=form, errors=form_level_errors(form))
