"""Prepare a contract's exit ahead (projet de sortie): destination, steps, partners to meet, target
date. One plan per contract, created then updated; the rules are ``shared.exits``'."""

from __future__ import annotations

from flask import flash, redirect, request
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length, Optional

from shared.contracts.models import Contract
from shared.dates import fr
from shared.db import id_from_text
from shared.errors import DomainError
from shared.exits.models import ExitDestination
from shared.exits.operations import exit_plan_of, plan_exit, update_exit_plan
from shared.partners.models import Partner
from shared.partners.queries import partners_of_groups, suggested_partners

from ..core.actions import ActionView, contract_url, form_level_errors, scoped_or_404, show_domain_error
from ..core.base import current_staff
from ..core.fields import choices, required_date
from ..extensions import db

LONG_TEXT = [Optional(), Length(max=4000, message="4 000 caractères au plus.")]


class ExitPlanForm(FlaskForm):
    # Checked by the domain (``check_exit_plan``), whose message is the one shown.
    destination = SelectField("Destination prévue", choices=choices([("", "—")] + ExitDestination.choices()),
                              validate_choice=False)
    target_on = required_date("Date visée pour la sortie")
    steps = TextAreaField("Étapes", validators=LONG_TEXT)
    partners = TextAreaField("Partenaires à rencontrer", validators=LONG_TEXT)
    # Choices: the structures the person's group works with (``partner_choices``); checked by the domain.
    partner = SelectField("Structure d'accueil visée (annuaire)", choices=[], validate_choice=False)


def partner_choices(form: ExitPlanForm, contract: Contract, destination: ExitDestination | None) -> list[Partner]:
    """The group's partners, those it already works with for the plan's destination first (« suggéré »)."""
    suggested = list(db.session.scalars(suggested_partners(contract.group_id, destination)))
    others = [p for p in db.session.scalars(partners_of_groups([contract.group_id])) if p not in suggested]
    form.partner.choices = choices(
        [("", "—")] + [(str(p.id), f"{p.name} ({p.kind.label}) – suggéré") for p in suggested]
        + [(str(p.id), f"{p.name} ({p.kind.label})") for p in others])
    return suggested


def partner_of(value) -> Partner | None:
    partner_id = id_from_text(value)
    return db.session.get(Partner, partner_id) if partner_id is not None else None


def destination_of(value) -> ExitDestination | None:
    try:
        return ExitDestination(value)
    except ValueError:
        return None


class ExitPlanView(ActionView):
    @expose("/<int:contract_id>", methods=("GET", "POST"))
    def edit(self, contract_id: int):
        contract = scoped_or_404(Contract, contract_id)
        plan = exit_plan_of(db.session, contract)
        form = ExitPlanForm(obj=plan if request.method == "GET" else None)
        if request.method == "GET" and plan is None:
            form.target_on.data = contract.last_day
        if request.method == "GET" and plan is not None:
            form.destination.data = plan.destination.value
            form.partner.data = str(plan.partner_id or "")
        suggested = partner_choices(form, contract, destination_of(form.destination.data))
        if form.validate_on_submit():
            values = dict(destination=destination_of(form.destination.data), target_on=form.target_on.data,
                          steps=form.steps.data, partners=form.partners.data, partner=partner_of(form.partner.data),
                          actor=current_staff())
            try:
                if plan is None:
                    plan = plan_exit(db.session, contract, **values)
                else:
                    update_exit_plan(db.session, plan, **values)
            except DomainError as error:
                show_domain_error(form, error)
                contract = scoped_or_404(Contract, contract_id)
                plan = exit_plan_of(db.session, contract)
            except IntegrityError:  # a plan created at the same moment by someone else
                db.session.rollback()
                form.form_errors.append("Un projet de sortie vient d'être créé pour ce contrat par quelqu'un "
                                        "d'autre : rechargez la page pour le modifier.")
                contract = scoped_or_404(Contract, contract_id)
                plan = exit_plan_of(db.session, contract)
            else:
                flash(f"Projet de sortie enregistré : {plan.destination.label.lower()}, "
                      f"visée le {fr(plan.target_on)}.", "success")
                return redirect(contract_url(contract.id))
        return self.render("exits/exit_plan.html", contract=contract, plan=plan, form=form,
                           errors=form_level_errors(form), suggested=suggested,
                           suggested_for=getattr(destination_of(form.destination.data), "label", ""))
