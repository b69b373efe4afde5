"""A list's filters as its page carries them: the choices that come from the database (groups, staff: what the
signed-in person may see) are fetched when a filter is added (static/lists/filters.js, ``filter_options_view``);
the rest is the same for everyone and built once a view.

Flask-Admin lists every filter's options once, at start-up, on the view, which every request and thread shares:
refreshed there, one person's options could reach another's page.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from flask import abort, has_request_context, jsonify, request
from flask_admin import expose


class FilterChoicesMixin:
    """For Flask-Admin model views (``EntityView``)."""

    def _get_filter_groups(self):
        """The filters as this request's page carries them: a filter with choices from the database carries the
        address of its choices (``options_url``), unless the list is filtered by it: then its choices are read
        for this request.

        Overrides Flask-Admin 2.2's ``BaseModelView._get_filter_groups`` (flask_admin/model/base.py), with its
        ``_filters`` and ``_filter_args``; static/lists/filters.js, copied from the same version, reads the result."""
        if not has_request_context() or not self._filters:
            return super()._get_filter_groups()
        active = self._active_filter_names()
        if not active & self._filters_with_own_choices:
            return self._filter_skeleton
        cache = vars(request._get_current_object()).setdefault("idmix_filter_groups", {})
        if self.endpoint not in cache:
            cache[self.endpoint] = {
                name: [{key: value for key, value in entry.items() if key != "options_url"}
                       | {"options": self._filter_options(self._filters[entry["index"]])} if name in active else entry
                       for entry in entries]
                for name, entries in self._filter_skeleton.items()}
        return cache[self.endpoint]

    @functools.cached_property
    def _filter_skeleton(self) -> dict[str, list[dict]]:
        """Every filter with its fixed choices, or the address of its choices (relative to the list's): no one's
        data, the same on every list page."""
        groups: dict[str, list[dict]] = {}
        for index, flt in enumerate(self._filters):  # as Flask-Admin's FilterGroup.non_lazy gives them
            name = str(flt.name)
            entry = {"index": index, "arg": self.get_filter_arg(index, flt), "operation": str(flt.operation()),
                     "options": None, "type": flt.data_type}
            if callable(flt.options):
                entry["options_url"] = "filter-options/?" + urlencode({"group": name})
            else:
                entry["options"] = self._filter_options(flt)
            groups.setdefault(name, []).append(entry)
        return groups

    @functools.cached_property
    def _filters_with_own_choices(self) -> frozenset[str]:
        return frozenset(str(flt.name) for flt in self._filters or () if callable(flt.options))

    def _active_filter_names(self) -> set[str]:
        """The names of the filters this list is filtered by (``flt0_groupe_equals=…``)."""
        found = set()
        for arg in request.args:
            key = arg.partition("_")[2] if arg.startswith("flt") else ""
            if key in (self._filter_args or {}):
                found.add(str(self._filter_args[key][1].name))
        return found

    def _filter_options(self, flt) -> list | None:
        options = flt.get_options(self)
        return [(key, str(label)) for key, label in options] if options else None

    @expose("/filter-options/")
    def filter_options_view(self):
        """The choices of one filter (``?group=Groupe``) for the signed-in staff member, within their scope, by
        filter index: what static/lists/filters.js fetches when a filter is added."""
        name = request.args.get("group", "")
        found = {str(index): self._filter_options(flt) or [] for index, flt in enumerate(self._filters or ())
                 if str(flt.name) == name}
        if not found:
            abort(404)
        response = jsonify(found)
        response.headers["Cache-Control"] = "no-store"  # one person's choices: never kept by a cache
        return response
