"""Record each party's signature of a contract (participant, facilitator, referring social worker)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_admin import expose

from shared.contracts.models import Contract
from shared.contracts.operations import Party, sign_contract
from shared.contracts.rules import check_renewable
from shared.dates import fr
from shared.errors import ContractRuleError

from ..core.actions import ActionView, contract_url, form_level_errors, scoped_or_404
from ..core.base import current_staff
from ..core.fields import choices
from ..extensions import db
from .forms import PARTY_LABELS, SignatureForm
from .saving import save_contract_form

# The rules name the contract column; the form has one date field for whichever party signs.
FIELD_ALIASES = {f"{party}_signed_on": "signed_on" for party in Party.ALL}


def signature_rows(contract: Contract) -> list[tuple[str, str, object, str]]:
    """(party, label, signer, signed on) for the three parties, in the contract's order."""
    signers = {Party.PARTICIPANT: contract.participant, Party.FACILITATOR: contract.facilitator,
               Party.REFERRER: contract.referrer}
    return [(party, PARTY_LABELS[party], signers[party], getattr(contract, f"{party}_signed_on"))
            for party in Party.ALL]


class SignatureView(ActionView):
    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def sign(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        form = SignatureForm()
        form.party.choices = choices([(party, f"{label} ({signer.full_name})")
                              for party, label, signer, signed_on in signature_rows(contract) if signed_on is None])
        if request.method == "GET":
            form.version.data = str(contract.version)
            if request.args.get("party") in {c.value for c in form.party.choices}:
                form.party.data = request.args["party"]
        saved, contract = save_contract_form(form, contract, lambda: sign_contract(
            db.session, contract, party=form.party.data, on=form.signed_on.data, actor=current_staff()), FIELD_ALIASES)
        if saved:
            label = PARTY_LABELS[form.party.data]
            done = " Le contrat est signé par les trois parties." if contract.is_signed else ""
            flash(f"Signature enregistrée : {label.lower()}, le {fr(form.signed_on.data)}.{done}", "success")
            if contract.is_signed:
                return redirect(contract_url(contract.id))
            return redirect(url_for(".sign", contract_id=contract.id))
        return self.render("contracts/signatures.html", contract=contract, form=form,
                           rows=signature_rows(contract), errors=form_level_errors(form),
                           refused=renewal_refusal(contract) if request.method == "GET" else None)


def renewal_refusal(contract: Contract) -> str | None:
    """Said before anyone signs: a renewal drafted before the person left is not signed after it."""
    if contract.renews is None or contract.is_signed:
        return None
    try:
        check_renewable(db.session, contract.renews)
    except ContractRuleError as refused:
        return refused.message
    return None
