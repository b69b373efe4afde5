"""How a list is sorted: text in dictionary order, and through inner joins where the relationship is never empty."""

from __future__ import annotations

from shared.alphabetical import alphabetical


class AlphabeticalSortMixin:
    """A list sorted by a text column (default or clicked) in dictionary order: « Évrard » among the E, not after
    « Zidane » (``shared.alphabetical``). Other columns are sorted as Flask-Admin does.

    Overrides Flask-Admin 2.2's ``ModelView._order_by`` (flask_admin/contrib/sqla/view.py)."""

    sort_through_inner_joins = False

    def _order_by(self, query, joins, sort_joins, sort_field, sort_desc):
        if sort_field is None:
            return query, joins
        query, joins, alias = self._apply_path_joins(query, joins, sort_joins, inner_join=self.sort_through_inner_joins)
        column = sort_field if alias is None else getattr(alias, sort_field.key)
        return query.order_by(*alphabetical(column, descending=sort_desc)), joins


class InnerJoinSortMixin(AlphabeticalSortMixin):
    """Sort through inner joins (the sorted relationship is never empty: an attendance always has a session and a
    person): the database can then walk an index of the joined table for a page instead of sorting every row.
    Flask-Admin joins outer."""

    sort_through_inner_joins = True
