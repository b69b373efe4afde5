"""The audit trail, read by admins: in a list, and per record from each details page."""

from __future__ import annotations

from flask import g
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from shared.alphabetical import sort_key
from shared.audit.labels import TABLE_LABELS, field_label, table_label
from shared.audit.models import AuditAction, AuditEntry
from shared.audit.recorder import NEVER_JOURNALED
from shared.staff.models import Role

from ..core.common import EntityView
from ..core.filters import ChoiceFilter, TextEqualFilter
from ..core.list_count import OlderRowsPagerMixin
from .history import Reader


def _fields(model):
    """(French label, before, after) of each field of an entry, by label."""
    rows = ((field_label(model.table_name, key) or key, old, new) for key, (old, new) in (model.changes or {}).items())
    return sorted(rows, key=lambda row: row[0].lower())


def _changes(view, context, model, name):
    rows = Markup("").join(
        Markup("<li>%s\u00a0: %s → %s</li>") % (label, _show(old), _show(new)) for label, old, new in _fields(model)
    )
    return Markup('<ul class="mb-0 small">%s</ul>') % rows


def _changes_export(view, context, model, name):
    """The changes as the journal's page says them: French labels, names instead of ids, JJ/MM/AAAA."""
    return "\u00a0; ".join(f"{change.label}\u00a0: {change.before or '∅'} → {change.after or '∅'}"
                      for change in g.idmix_export_reader.line(model).changes)


def _show(value):
    return "∅" if value is None else value


def _actor(view, context, model, name):
    return model.actor_name


def _table(view, context, model, name):
    return table_label(model.table_name)


def _action(view, context, model, name):
    return model.action.label


# « Type de fiche » in the filter: the kinds of record the journal may hold, by their French name.
JOURNALED_TABLES = sorted((name for name in TABLE_LABELS if name not in NEVER_JOURNALED),
                          key=lambda name: sort_key(TABLE_LABELS[name]))


class AuditView(OlderRowsPagerMixin, EntityView):
    endpoint_name = "audit"
    list_template = "audit/audit_list.html"  # a history grouped by save, in French (audit_history.py)
    allowed_roles = (Role.ADMIN,)
    write_roles = ()
    export_roles = (Role.ADMIN,)
    can_create = False
    can_edit = False
    can_delete = False
    column_list = ["at", "actor", "action", "table_name", "record_id", "changes"]
    column_details_list = column_list
    column_export_list = column_list
    column_labels = {"at": "Date", "actor": "Par", "action": "Action", "table_name": "Type de fiche",
                     "record_id": "Fiche n°", "changes": "Modifications (avant → après)"}
    column_sortable_list = ["at", "table_name", "record_id"]
    column_default_sort = [("at", True), ("id", True)]
    list_loads = (joinedload(AuditEntry.actor),)
    column_formatters = {"changes": _changes, "actor": _actor, "table_name": _table, "action": _action}
    column_formatters_export = {"changes": _changes_export, "actor": _actor, "table_name": _table, "action": _action,
                                "record_id": lambda v, c, m, n: g.idmix_export_reader.record_name(m)}
    column_export_labels = {"table_name": "Fiche", "record_id": "Nom"}

    def prepare_export(self, rows) -> None:
        """The names of the records the entries are about, loaded once for the whole file."""
        g.idmix_export_reader = Reader(rows)
    column_filters = [
        ChoiceFilter(AuditEntry.table_name, "Type de fiche",
                     {name: (lambda name=name: AuditEntry.table_name == name) for name in JOURNALED_TABLES},
                     TABLE_LABELS),
        TextEqualFilter(AuditEntry.record_id, "Fiche"),
        ChoiceFilter(AuditEntry.action, "Action", {a.value: (lambda a=a: AuditEntry.action == a) for a in AuditAction},
                     {a.value: a.label for a in AuditAction}),
    ]
    # The journal only grows: counting it for every page read the whole table (on PostgreSQL, 2.6 ms for
    # 37 000 entries, and more each day). It pages by « Plus récentes » / « Plus anciennes » instead.
    simple_list_pager = True

    def history(self, entries):
        return Reader(entries).groups()

