"""Contracts: the list and pages with their follow-through, renewal, signatures, early end, correction, printing."""

from __future__ import annotations


def register(admin, app) -> None:
    from shared.contracts.models import Contract

    from ..extensions import db
    from .correction import ContractCorrectionView
    from .early_end import EarlyEndView
    from .printing import PrintView
    from .renewal import RenewalView
    from .signatures import SignatureView
    from .views import ContractView

    admin.add_view(ContractView(Contract, db, name="Contrats"))
    admin.add_view(RenewalView(name="Renouveler un contrat", endpoint="contract_renewal", url="/actions/renewal"))
    admin.add_view(SignatureView(name="Signatures du contrat", endpoint="contract_signatures",
                                 url="/actions/signatures"))
    admin.add_view(EarlyEndView(name="Fin anticipée du contrat", endpoint="contract_early_end",
                                url="/actions/early-end"))
    admin.add_view(ContractCorrectionView(name="Corriger un contrat", endpoint="contract_correction",
                                          url="/actions/correction"))
    admin.add_view(PrintView(name="Impression", endpoint="printing", url="/actions/print"))
