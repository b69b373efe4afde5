"""Saving a contract's form: refused when it was opened on an older version of the contract (someone saved
in between), a domain error or a save made at the same instant shown on the form, nothing saved."""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from sqlalchemy.orm.exc import StaleDataError

from shared.contracts.models import Contract
from shared.errors import DomainError

from ..core.actions import scoped_or_404, show_conflict, show_domain_error


def edited_from_stale_copy(form, contract: Contract) -> bool:
    """The form was opened on an older version of ``contract`` (someone saved it in between)."""
    posted = str(form.version.data or "").strip()  # the stored int when the form did not post it
    return bool(posted) and posted != str(contract.version)


def save_contract_form(form, contract, write: Callable[[], None], aliases: dict[str, str] | None = None):
    """A contract action's POST: refuse a form opened on an older version of ``contract``, else validate it
    and ``write()``; a domain error or a save made at the same instant is shown on the form, nothing saved.
    Returns ``(saved, contract)``: the contract read again (within the reader's scope) when nothing was saved."""
    if request.method != "POST":
        return False, contract
    if edited_from_stale_copy(form, contract):
        show_conflict(form)
        return False, contract
    if not form.validate_on_submit():
        return False, contract
    contract_id = contract.id
    try:
        write()
    except DomainError as error:
        show_domain_error(form, error, aliases)
    except StaleDataError:
        show_conflict(form)
    else:
        return True, contract
    return False, scoped_or_404(type(contract), contract_id)
