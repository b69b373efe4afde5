"""The base every entity view inherits: access (``base.StaffModelView``), safe exports, French
formatting, and the templates with room for the facilitator actions and the audit history link."""

from __future__ import annotations

import functools
import logging
import re

from flask import abort, flash, has_request_context, request, url_for
from flask_admin import expose
from jinja2 import pass_context
from markupsafe import Markup, escape
from sqlalchemy import or_
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from shared import search as folding
from shared.people.status import without_situation

from . import ajax
from .ajax import ScopedAjaxConverter
from .base import StaffModelView
from .exports import SafeExportMixin
from .filter_choices import FilterChoicesMixin
from .formatters import (DETAIL_TYPE_FORMATTERS, EXPORT_TYPE_FORMATTERS, ROW_ID, TYPE_FORMATTERS, row_url,
                         same_cell_every_row, type_formatter)
from .list_count import CountWhenNeededMixin

log = logging.getLogger(__name__)
INDENTATION = re.compile(r"\n[ \t\r\n]+")
NOWRAP_COLUMNS = frozenset({"phone"})  # list cells kept on one line (Bootstrap's text-nowrap)
NOWRAP = ' class="text-nowrap"'


def joined_person(relationship):
    """Eager-load a row's participant without their derived status (``Participant.status_code``), which
    lists of other records never show: computed for every joined row, it made long lists slow."""
    return joinedload(relationship).options(without_situation())


class EntityView(CountWhenNeededMixin, FilterChoicesMixin, SafeExportMixin, StaffModelView):
    list_template = "admin/idmix_list.html"
    details_template = "admin/idmix_details.html"
    edit_template = "admin/idmix_edit.html"
    create_template = "admin/idmix_create.html"
    model_form_converter = ScopedAjaxConverter  # form_ajax_refs: searched and loaded within the staff's scope
    column_type_formatters = TYPE_FORMATTERS
    column_type_formatters_detail = DETAIL_TYPE_FORMATTERS
    column_type_formatters_export = EXPORT_TYPE_FORMATTERS
    named_filter_urls = True
    column_display_pk = False
    # Said when someone saved the record between its opening and this save (its version moved on).
    conflict_message = "Cette fiche a été modifiée par quelqu'un d'autre entre-temps : rechargez-la et recommencez."
    # Eager loads for lists (one query per relation, whatever the number of rows); Flask-Admin's
    # column_select_related_list takes strings, which SQLAlchemy 2 refuses in loader options.
    column_auto_select_related = False
    list_loads: tuple = ()
    page_size_options = (25, 50, 100)
    # Templates the actions engineer may provide (``{% include ... ignore missing %}``).
    actions_template: str | None = None
    row_actions_template: str | None = None
    # Table name for the "Historique" link (admins only); None: no link.
    audit_table: str | None = None

    def __init__(self, model, session, **kwargs):
        kwargs.setdefault("endpoint", self.endpoint_name)
        self._type_formatters_found: dict = {}
        super().__init__(model, session, **kwargs)

    endpoint_name: str = ""

    def ajax_loader(self, field: str):
        """The search-as-you-type loader of ``form_ajax_refs[field]`` as Flask-Admin built it (Flask-Admin 2.2 keeps
        them in ``_form_ajax_refs``): a form field of a domain view is built on it."""
        return self._form_ajax_refs[field]

    def list_filter(self, index: int):
        """The list's filter at ``index`` (Flask-Admin 2.2: ``_filters``), None when there is none at that index."""
        return self._filters[index] if self._filters and 0 <= index < len(self._filters) else None

    @property
    def audit_table_name(self) -> str:
        return self.audit_table or self.model.__table__.name

    def page_after_create(self, model) -> str | None:
        """Where « Enregistrer » leads after a new record: its own page with its next step, or None for
        Flask-Admin's way (back to the list). « Enregistrer et ajouter » and « … et continuer » are untouched."""
        return None

    def get_save_return_url(self, model, is_created: bool = False) -> str:
        if is_created and model is not None and (page := self.page_after_create(model)):
            return page
        return super().get_save_return_url(model, is_created)

    def history_of_record(self, model):
        """« Historique » of a details page (admins): the record's changes, grouped by save."""
        from ..audit.history import history_of

        return history_of(self.audit_table_name, model.id)

    def get_query(self):
        return super().get_query().options(*self.list_loads)

    ROW_ID = ROW_ID  # for the row templates: ``admin_view.row_url('endpoint', row.id, key=admin_view.ROW_ID)``
    row_url = staticmethod(row_url)

    def row_facts(self, row) -> dict:
        """What a list row's actions read of the row besides its id (``actions_cell``): nothing by default."""
        return {}

    def actions_cell(self, row, render):
        """A list row's actions cell: ``render(row_id, row)``, once a page for each set of ``row_facts``."""
        row_id = self.get_pk_value(row)
        if isinstance(self._primary_key, tuple):  # a composite key: no stand-in
            return render(row_id, row)
        return same_cell_every_row(self.endpoint, row_id, render, self.row_facts(row), self._primary_key)

    @pass_context
    def list_cells(self, context, row, columns) -> Markup:
        """A row's value cells as one string, each value escaped as Jinja would: the template's loop over
        the cells was a third of a row's time (bench/list_pages.py). A phone number stays on one line (« 01 99 00
        12 » over « 34 » read as two numbers); the other cells carry no class (the lists' weight, test_list_weight)."""
        formatters, type_formatters = self.column_formatters, self.column_type_formatters
        return Markup("".join(
            f"<td{NOWRAP if column in NOWRAP_COLUMNS else ''}>"
            f"{escape(self._get_list_value(context, row, column, formatters, type_formatters))}</td>"
            for column, _ in columns))

    def _get_list_value(self, context, model, name, column_formatters, column_type_formatters):
        """Flask-Admin's, with the type formatter looked up once a type (``formatters.type_formatter``).

        Overrides Flask-Admin 2.2's ``BaseModelView._get_list_value`` (flask_admin/model/base.py)."""
        column_fmt = column_formatters.get(name)
        value = column_fmt(self, context, model, name) if column_fmt is not None else self._get_field_value(model, name)
        choices_map = self._column_choices_map.get(name)
        if choices_map:
            return choices_map.get(value) or value
        type_fmt = type_formatter(column_type_formatters, type(value), self._type_formatters_found)
        return value if type_fmt is None else type_fmt(self, value, name)

    def get_url(self, endpoint, **kwargs):
        """A row's links (``id=``: see, edit) built once a page and filled in for each row (``row_url``)."""
        if "id" in kwargs and has_request_context():
            return row_url(endpoint, kwargs["id"], **(kwargs | {"id": ROW_ID}))
        return super().get_url(endpoint, **kwargs)

    def _get_list_url(self, view_args):
        """Flask-Admin's list address, without ``page_size`` when it is the default one: shorter return
        links on every row (``?url=``), the same page. The page-size menu's addresses differ only by it: the
        rest is built once a request.

        Overrides Flask-Admin 2.2's ``BaseModelView._get_list_url`` (flask_admin/model/base.py)."""
        values = dict(page=view_args.page or None, sort=view_args.sort, desc=1 if view_args.sort_desc else None,
                      search=view_args.search, **view_args.extra_args)
        values.update(self._get_filters(view_args.filters))
        built = vars(request._get_current_object()).setdefault("idmix_list_urls", {})
        key = (self.endpoint, tuple(values.items()))  # strings and None: what a list's address holds
        if key not in built:
            built[key] = url_for(f"{self.endpoint}.index_view", **values)
        page_size = self.get_safe_page_size(view_args.page_size)
        if page_size == self.page_size:
            return built[key]
        return f"{built[key]}{'&' if '?' in built[key] else '?'}page_size={page_size}"

    def render(self, template, **kwargs):
        """A list page without the indentation of Flask-Admin's templates: half of a row's weight
        (bench/list_pages.py). Only the spaces that open a line go; HTML shows none of them."""
        page = super().render(template, **kwargs)
        return INDENTATION.sub("\n", page) if template == self.list_template else page

    def _apply_search(self, query, count_query, joins, count_joins, search):
        """Flask-Admin's search box, ignoring case and accents: « traore » finds « Traoré ». Every word
        must be found in one of the searched columns (Flask-Admin's rule).

        Overrides Flask-Admin 2.2's ``ModelView._apply_search`` (flask_admin/contrib/sqla/view.py), with its
        ``_search_fields`` and ``_apply_path_joins``."""
        for word in ajax.search_words(search):
            conditions, count_conditions = [], []
            for field, path in self._search_fields:
                query, joins, alias = self._apply_path_joins(query, joins, path, inner_join=False)
                conditions.append(folding.matches(field if alias is None else getattr(alias, field.key), word))
                if count_query is not None:
                    count_query, count_joins, count_alias = self._apply_path_joins(
                        count_query, count_joins, path, inner_join=False)
                    count_conditions.append(folding.matches(
                        field if count_alias is None else getattr(count_alias, field.key), word))
            query = query.filter(or_(*conditions))
            if count_query is not None:
                count_query = count_query.filter(or_(*count_conditions))
        return query, count_query, joins, count_joins

    def get_actions_list(self):
        """Flask-Admin's list of the actions this person may run, their French texts looked up once a view for
        each set of actions (the back-office speaks French whatever the browser), not on every list page.
        Reads Flask-Admin 2.2's ``ActionsMixin._actions``."""
        allowed = tuple(name for name, _text in self._actions if self.is_action_allowed(name))
        if allowed not in self._actions_lists:
            self._actions_lists[allowed] = super().get_actions_list()
        return self._actions_lists[allowed]

    @functools.cached_property
    def _actions_lists(self) -> dict:
        return {}

    def action_form(self, obj=None):
        """The list page writes its action form out (admin/actions.html) and builds none: a WTForms form
        with its token cost a twentieth of a short list's time. An action's POST is read and checked by one."""
        return super().action_form(obj) if request.method == "POST" else None

    def delete_form(self):
        """Written out too, once a page (admin/idmix_list.html); a deletion's POST is read and checked by one."""
        return super().delete_form() if request.method == "POST" else None

    def handle_view_exception(self, exc):
        """Never show a raw exception: a French sentence, the details in the log."""
        if super().handle_view_exception(exc):
            return True
        if isinstance(exc, StaleDataError):  # two saves at the same instant: the second one lost
            flash(self.conflict_message, "error")
            return True
        log.exception("Back-office save failed")
        flash("Enregistrement impossible : une erreur inattendue s'est produite. Rien n'a été enregistré.", "error")
        return True

    # Flask-Admin answers a forbidden create/edit/delete with a redirect; we say 403 plainly.
    @expose("/new/", methods=("GET", "POST"))  # an override without expose loses its route
    def create_view(self):
        if not self.can_create:
            abort(403)
        return super().create_view()

    @expose("/edit/", methods=("GET", "POST"))
    def edit_view(self):
        if not self.can_edit:
            abort(403)
        return super().edit_view()

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        if not self.can_delete:
            abort(403)
        return super().delete_view()
