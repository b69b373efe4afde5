"""Messages sent, waiting and failed: read-only, per session and per person (filters « Personne », « Séance »).

Admins see them all, facilitators those of their groups, a referrer those of their own people and
their own digests (``shared.staff.access``). The list shows first names and initials, not addresses.
"""

from __future__ import annotations

from sqlalchemy.orm import joinedload

from shared.messaging.models import Channel, Message, MessageKind, MessageState
from shared.staff.models import Role
from shared.text import readable_phone

from ..core.common import EntityView, joined_person
from ..core.filters import ChoiceFilter, IdFilter


def _recipient(view, context, model, name):
    return model.recipient_label


def _enum(view, context, model, name):
    value = getattr(model, name)
    return value.label if value is not None else "—"


class MessageView(EntityView):
    endpoint_name = "message"
    can_create = False
    can_edit = False
    can_delete = False
    write_roles = ()
    allowed_roles = (Role.ADMIN, Role.FACILITATOR, Role.REFERRER)
    column_list = ["created_at", "kind", "channel", "recipient", "session", "state", "sent_at", "provider_answer"]
    column_details_list = ["created_at", "kind", "channel", "recipient", "address", "session", "state", "attempts",
                           "sent_at", "provider_answer", "subject", "body"]
    column_export_list = ["created_at", "kind", "channel", "recipient", "session", "state", "sent_at",
                          "provider_answer"]
    column_labels = {"created_at": "Préparé le", "kind": "Message", "channel": "Par", "recipient": "Pour",
                     "address": "Adresse", "session": "Séance", "state": "État", "attempts": "Essais",
                     "sent_at": "Envoyé le", "provider_answer": "Réponse du fournisseur", "subject": "Objet",
                     "body": "Texte"}
    column_sortable_list = ["created_at", "sent_at"]
    column_default_sort = ("created_at", True)
    column_formatters = {"recipient": _recipient, "kind": _enum, "channel": _enum, "state": _enum,
                         "address": lambda view, context, model, name: readable_phone(model.address)}
    column_formatters_export = column_formatters
    list_loads = (joined_person(Message.participant), joinedload(Message.staff), joinedload(Message.session))
    column_filters = [
        ChoiceFilter(Message.state, "État", {s.value: (lambda s=s: Message.state == s) for s in MessageState},
                     {s.value: s.label for s in MessageState}),
        ChoiceFilter(Message.kind, "Message", {k.value: (lambda k=k: Message.kind == k) for k in MessageKind},
                     {k.value: k.label for k in MessageKind}),
        ChoiceFilter(Message.channel, "Par", {c.value: (lambda c=c: Message.channel == c) for c in Channel},
                     {c.value: c.label for c in Channel}),
        IdFilter(Message.participant_id, "Personne", lambda v: Message.participant_id == v, None),
        IdFilter(Message.session_id, "Séance", lambda v: Message.session_id == v, None),
    ]
