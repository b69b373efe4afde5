"""Exit plan rules: it belongs to a contract, aims at a known destination, not before the contract starts."""

from __future__ import annotations

import datetime as dt

from shared.contracts.models import Contract
from shared.dates import fr
from shared.errors import DomainError
from shared.exits.models import ExitDestination


class ExitPlanError(DomainError):
    """An exit plan cannot be recorded as asked."""


def check_exit_plan(contract: Contract | None, destination, target_on: dt.date | None) -> None:
    if contract is None:
        raise ExitPlanError("Un projet de sortie se rattache à un contrat : choisissez-le.", field="contract")
    if not isinstance(destination, ExitDestination):
        raise ExitPlanError("Choisissez la destination prévue.", field="destination")
    if target_on is None:
        raise ExitPlanError("Indiquez la date visée pour la sortie.", field="target_on")
    if target_on < contract.starts_on:
        raise ExitPlanError(
            f"La date visée ({fr(target_on)}) ne peut pas précéder le début du contrat ({fr(contract.starts_on)}).",
            field="target_on",
        )
