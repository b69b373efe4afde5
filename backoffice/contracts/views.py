"""Contracts with their objectives inline: who, when, how many days are left, what needs preparing."""

from __future__ import annotations

from functools import partial

from flask import g, request, url_for
from flask_admin.model.form import InlineFormAdmin
from flask_admin.model.template import DeleteRowAction, EditRowAction
from jinja2 import pass_context
from markupsafe import Markup
from sqlalchemy.orm import joinedload
from wtforms import HiddenField
from wtforms.validators import DataRequired

from shared.contracts.editing import delete_contract, update_contract
from shared.contracts.models import Contract, Objective, ObjectiveCategory, ObjectiveStatus
from shared.contracts.operations import ObjectiveDraft, Party, create_contract, sign_contract
from shared.contracts.queries import renewable_among
from shared.errors import DomainError
from shared.groups.models import Group
from shared.staff.models import REFERRER_JOBS, Role, StaffMember

from ..core import ajax
from ..core.base import current_staff, record_key
from ..core.common import EntityView, joined_person
from ..core.fields import PartySelect, enum_select, visible
from ..core.filters import IdFilter, contract_follow_up_filter, name_options, staff_options
from ..core.formatters import days_left_badge, days_left_export
from ..errors import CONTRACT_CONFLICT
from ..extensions import db
from .follow_through import ContractFollowThrough
from .saving import edited_from_stale_copy

CONTRACT_LABELS = {
    "participant": "Personne", "group": "Groupe", "facilitator": "Animateur(trice)",
    "referrer": "Travailleur social orienteur", "starts_on": "Début", "ends_on": "Fin prévue",
    "last_day": "Dernier jour", "days_left": "Jours restants", "signatures": "Signatures",
    "expectations": "Attentes", "participant_signed_on": "Signé par la personne le",
    "facilitator_signed_on": "Signé par l'animateur le", "referrer_signed_on": "Signé par l'orienteur le",
    "renews": "Renouvelle le contrat", "renewed_by": "Renouvelé par", "ended_early_on": "Fin anticipée le",
    "early_end_reason": "Motif de fin anticipée", "objectives": "Objectifs", "created_at": "Créé le",
    "participant.last_name": "Nom", "participant.first_name": "Prénom",
}


def _signatures(view, context, model, name):
    signed = model.signature_count
    if signed == 3:
        return Markup('<span class="badge badge-success">%s</span>') % "signé (3/3)"
    return Markup('<span class="badge badge-light border">%s</span>') % f"brouillon ({signed}/3)"


def _signatures_text(view, context, model, name):
    signed = model.signature_count
    return "signé" if signed == 3 else f"brouillon ({signed}/3)"


def _objectives(view, context, model, name):
    items = Markup("").join(
        Markup("<li>%s <span class=\"text-muted\">(%s, %s)</span></li>") % (o.wording, o.category.label, o.status.label)
        for o in model.objectives
    )
    return Markup("<ul class=\"mb-0\">%s</ul>") % items


def _objectives_text(view, context, model, name):
    return " ; ".join(o.wording for o in model.objectives)


class ObjectiveInline(InlineFormAdmin):
    form_columns = ["id", "wording", "category", "status"]
    form_label = "Objectif"
    column_labels = {"wording": "Objectif", "category": "Catégorie", "status": "Avancement"}
    form_overrides = {"category": enum_select(ObjectiveCategory), "status": enum_select(ObjectiveStatus)}
    form_args = {"wording": {"label": "Objectif", "validators": [DataRequired("Rédigez l'objectif.")]},
                 "category": {"label": "Catégorie"}, "status": {"label": "Avancement"}}


class VersionField(HiddenField):
    """The version the editor started from: compared on save, never written to the record."""

    def populate_obj(self, obj, name):
        pass



def latest_referrer(person):
    """Who referred the person last (their latest referral), or None."""
    referrals = sorted(person.referrals, key=lambda referral: (referral.referred_on, referral.id or 0))
    return referrals[-1].referrer if referrals else None


def _record_id(value) -> int | None:
    return record_key(Objective.__mapper__.primary_key[0], value)


def objective_drafts(form) -> tuple[list[ObjectiveDraft], list[int]]:
    """The inline objective rows as plain values: (rows kept or added, ids of the rows ticked for removal)."""
    drafts, removed = [], []
    for entry in form.objectives.entries:
        row, objective_id = entry.form, _record_id(entry.form.id.data)
        if form.objectives.should_delete(entry):
            if objective_id is not None:
                removed.append(objective_id)
            continue
        drafts.append(ObjectiveDraft(wording=row.wording.data or "",
                                     category=row.category.data or ObjectiveCategory.SOCIAL_TIES,
                                     status=row.status.data, id=objective_id))
    return drafts, removed


class UnlessSigned:
    """A list row's pencil or bin, not shown for a signed contract (it is locked, and kept)."""

    @pass_context
    def render_ctx(self, context, row_id, row):  # Flask-Admin's row actions render through this
        return "" if row.is_signed else self.render(context, row_id, row)


class DraftEditRowAction(UnlessSigned, EditRowAction):
    pass


class DraftDeleteRowAction(UnlessSigned, DeleteRowAction):
    pass


class ContractView(ContractFollowThrough, EntityView):
    endpoint_name = "contract"
    conflict_message = CONTRACT_CONFLICT
    edit_template = "contracts/contract_edit.html"  # says what a signed contract's form may still change
    create_template = "contracts/contract_create.html"
    details_template = "contracts/contract_details.html"  # reviews, exit plan and exit below the fields
    actions_template = "contracts/contract_actions.html"
    row_actions_template = "contracts/contract_row_actions.html"
    list_help = "Pastilles : rouge ≤ 30 jours, orange ≤ 90 jours, vert au-delà."
    column_list = ["participant", "group", "facilitator", "referrer", "starts_on", "ends_on", "days_left",
                   "signatures"]
    column_details_list = ["participant", "group", "facilitator", "referrer", "starts_on", "ends_on", "days_left",
                           "signatures", "participant_signed_on", "facilitator_signed_on", "referrer_signed_on",
                           "expectations", "objectives", "renews", "renewed_by", "ended_early_on",
                           "early_end_reason", "created_at"]
    column_export_list = ["participant", "group", "facilitator", "referrer", "starts_on", "ends_on", "last_day",
                          "days_left", "signatures", "participant_signed_on", "facilitator_signed_on",
                          "referrer_signed_on", "expectations", "objectives", "ended_early_on", "early_end_reason"]
    column_labels = CONTRACT_LABELS
    column_searchable_list = ["participant.last_name", "participant.first_name", "expectations"]
    column_sortable_list = [("participant", "participant.last_name"), ("group", "group.name"), "starts_on",
                            "ends_on", ("days_left", "ends_on")]
    column_default_sort = ("ends_on", False)
    list_loads = (joined_person(Contract.participant), joinedload(Contract.group),
                  joinedload(Contract.facilitator), joinedload(Contract.referrer))
    column_formatters = {"days_left": days_left_badge, "signatures": _signatures}
    column_formatters_detail = {"days_left": days_left_badge, "signatures": _signatures, "objectives": _objectives}
    column_formatters_export = {"days_left": days_left_export, "signatures": _signatures_text,
                                "objectives": _objectives_text}
    form_columns = ["participant", "facilitator", "referrer", "starts_on", "ends_on", "expectations",
                    "participant_signed_on", "facilitator_signed_on", "referrer_signed_on", "objectives", "version"]
    form_args = {
        "participant": {"validators": [DataRequired("Choisissez la personne concernée par le contrat.")]},
        # No party chosen by default (a browser would show the first name of the list as chosen):
        # the signed-in facilitator and the person's referrer are preselected by create_form.
        "facilitator": {"query_factory": visible(StaffMember, StaffMember.active.is_(True),
                                                 StaffMember.role != Role.REFERRER, order_by=[StaffMember.last_name]),
                        "validators": [DataRequired("Choisissez l'animateur ou l'animatrice qui signe le contrat.")]},
        # Only referring social workers (ASS, CIP, CESF, ASS spécialisé RMI) co-sign as referrer.
        "referrer": {"query_factory": visible(StaffMember, StaffMember.active.is_(True),
                                              StaffMember.job_title.in_(sorted(REFERRER_JOBS)),
                                              order_by=[StaffMember.last_name, StaffMember.first_name]),
                     "validators": [DataRequired("Choisissez le travailleur social orienteur qui signe le contrat.")]},
        "starts_on": {"validators": [DataRequired("Indiquez la date de début du contrat.")]},
        "ends_on": {"validators": [DataRequired("Indiquez la date de fin du contrat.")]},
    }
    form_overrides = {
        "facilitator": partial(PartySelect, missing="Cette personne ne peut pas signer comme animateur ou "
                                                    "animatrice : choisissez-la dans la liste."),
        "referrer": partial(PartySelect, missing="Cette personne n'est pas travailleur social orienteur : "
                                                 "choisissez l'orienteur dans la liste."),
    }
    form_ajax_refs = {"participant": ajax.people("participant")}  # 20,000 people make no <select>
    inline_models = [ObjectiveInline(Objective)]
    form_extra_fields = {"version": VersionField()}  # listed in form_columns, or Flask-Admin drops it

    @property
    def column_filters(self):
        return [
            contract_follow_up_filter(Contract.id),
            IdFilter(Contract.group_id, "Groupe", lambda v: Contract.group_id == v,
                     name_options(Group)),
            IdFilter(Contract.facilitator_id, "Animateur", lambda v: Contract.facilitator_id == v,
                     staff_options(role=Role.FACILITATOR)),
            IdFilter(Contract.referrer_id, "Orienteur", lambda v: Contract.referrer_id == v,
                     staff_options(referrers=True)),
        ]

    def get_list(self, *args, **kwargs):
        count, rows = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            ids = [row.id for row in rows]
            g.idmix_renewable = set(db.session.scalars(renewable_among(ids))) if ids else set()
        return count, rows

    def row_facts(self, row) -> dict:
        """A signed contract is neither edited nor deleted; « Renouveler » only for a renewable one."""
        return {"is_signed": row.is_signed, "renewable": self.may_renew(row)}

    @staticmethod
    def may_renew(contract) -> bool:
        """Signed, neither renewed nor ended early, its person still in the group (``renewable_condition``):
        the list page's rows in one query, a contract's page by its own."""
        renewable = g.get("idmix_renewable")
        if renewable is None:
            return db.session.scalar(renewable_among([contract.id])) is not None
        return contract.id in renewable

    def get_list_row_actions(self):
        swap = {EditRowAction: DraftEditRowAction, DeleteRowAction: DraftDeleteRowAction}
        return [swap[type(action)]() if type(action) in swap else action for action in super().get_list_row_actions()]

    def create_form(self, obj=None):
        """The signed-in facilitator as the facilitator; with ``?participant=<id>`` (the person's page),
        that person and the social worker who referred them."""
        form = super().create_form(obj)
        if request.method != "GET":
            return form
        staff = current_staff()
        if staff is not None and staff.role is Role.FACILITATOR:
            form.facilitator.data = staff
        person = self.ajax_loader("participant").get_one(request.args.get("participant"))
        if person is not None:
            form.participant.data = person
            referrer = latest_referrer(person)
            if referrer is not None and referrer.active and referrer.job_title in REFERRER_JOBS:
                form.referrer.data = referrer
        return form

    def page_after_create(self, model) -> str:
        return url_for("contract.details_view", id=model.id)  # its next step: « Signatures », « Imprimer »

    def create_record(self, form):
        drafts, _ = objective_drafts(form)
        staff = current_staff()
        contract = create_contract(
            db.session, participant=form.participant.data, facilitator=form.facilitator.data,
            referrer=form.referrer.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            expectations=form.expectations.data, objectives=[ObjectiveDraft(d.wording, d.category, d.status) for d in drafts], actor=staff)
        for party in Party.ALL:  # signatures entered with the draft go through the signature rules
            signed_on = getattr(form, f"{party}_signed_on").data
            if signed_on is not None:
                sign_contract(db.session, contract, party=party, on=signed_on, actor=staff)
        return contract

    def update_record(self, form, model) -> None:
        """Refuse a save made from a stale copy; a signed contract keeps its dates, parties and objectives."""
        if edited_from_stale_copy(form, model):
            raise DomainError(CONTRACT_CONFLICT)
        drafts, removed = objective_drafts(form)
        update_contract(
            db.session, model, participant=form.participant.data, facilitator=form.facilitator.data,
            referrer=form.referrer.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            expectations=form.expectations.data, participant_signed_on=form.participant_signed_on.data,
            facilitator_signed_on=form.facilitator_signed_on.data, referrer_signed_on=form.referrer_signed_on.data,
            objectives=drafts, removed_objectives=removed, actor=current_staff())

    def delete_record(self, model) -> None:
        delete_contract(db.session, model, actor=current_staff())

