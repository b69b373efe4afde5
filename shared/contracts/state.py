"""Where a contract stands on a given day, in the words staff use: the state shown at a glance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.contracts.models import Contract
from shared.dates import fr


@dataclass(frozen=True)
class ContractState:
    code: str  # draft, signed_upcoming, in_force, ended_early, ended
    label: str
    detail: str
    colour: str  # a Bootstrap badge colour


def contract_state(contract: Contract, today: dt.date) -> ContractState:
    signed = contract.signature_count
    if signed < 3:
        return ContractState("draft", f"Brouillon ({signed}/3 signatures)",
                             "Il entre en vigueur une fois signé par la personne, l'animateur et l'orienteur.",
                             "light border")
    if contract.ended_early_on is not None and contract.ended_early_on < today:
        return ContractState("ended_early", f"Terminé le {fr(contract.ended_early_on)} (fin anticipée)",
                             contract.early_end_reason or "", "secondary")
    if contract.last_day < today:
        return ContractState("ended", f"Terminé le {fr(contract.last_day)}", "", "secondary")
    if contract.starts_on > today:
        return ContractState("signed_upcoming", f"Signé, commence le {fr(contract.starts_on)}",
                             "Signé par les trois parties : ses dates, parties et objectifs sont verrouillés.",
                             "info")
    days = (contract.last_day - today).days
    return ContractState("in_force", f"En vigueur jusqu'au {fr(contract.last_day)} ({days} jour{'s' if days > 1 else ''})",
                         "Signé par les trois parties : ses dates, parties et objectifs sont verrouillés.",
                         "success")
