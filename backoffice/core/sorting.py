"""Sorting a list through inner joins, where the relationship is never empty."""

from __future__ import annotations


class InnerJoinSortMixin:
    """Sort through inner joins (the sorted relationship is never empty: an attendance always has a session and a
    person): the database can then walk an index of the joined table for a page instead of sorting every row.

    Overrides Flask-Admin 2.2's ``ModelView._order_by`` (flask_admin/contrib/sqla/view.py), which joins outer.
    """

    def _order_by(self, query, joins, sort_joins, sort_field, sort_desc):
        if sort_field is None:
            return query, joins
        query, joins, alias = self._apply_path_joins(query, joins, sort_joins, inner_join=True)
        column = sort_field if alias is None else getattr(alias, sort_field.key)
        return query.order_by(column.desc() if sort_desc else column), joins
