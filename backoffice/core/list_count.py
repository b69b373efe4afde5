"""A list's row count, asked of the database only when the page's rows do not tell it; or never asked, for a list
that only grows (the journal), paged by « Plus récentes » / « Plus anciennes »."""

from __future__ import annotations

from flask import g
from sqlalchemy.orm import joinedload


def rows_tell_count(rows: list, offset: int, limit: int | None) -> bool:
    """A page that is not full is the last one: the count is its offset plus its rows. An empty page beyond
    the first may be past the end, and a full one may have more after it: those need the count."""
    return not limit or 0 < len(rows) < limit or (not rows and not offset)


class CountWhenNeededMixin:
    """Flask-Admin's ``get_list`` with the count query run after the page's rows, and only when the rows
    cannot tell it: most lists of a group fit on one page, and there the count was one query of two.

    Follows Flask-Admin 2.2's ``ModelView.get_list`` (flask_admin/contrib/sqla/view.py) and calls its private
    steps ``_apply_search``, ``_apply_filters``, ``_apply_sorting``, ``_apply_pagination``, ``_auto_joins``.
    """

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        query = self.get_query()
        count_query = self.get_count_query() if not self.simple_list_pager else None
        joins, count_joins = {}, {}
        if self._search_supported and search:
            query, count_query, joins, count_joins = self._apply_search(query, count_query, joins, count_joins,
                                                                        search)
        if filters and self._filters:
            query, count_query, joins, count_joins = self._apply_filters(query, count_query, joins, count_joins,
                                                                         filters)
        for relation in self._auto_joins:
            query = query.options(joinedload(relation))
        query, joins = self._apply_sorting(query, joins, sort_column, sort_desc)
        query = self._apply_pagination(query, page, page_size)
        if not execute:
            return (count_query.scalar() if count_query is not None else None), query
        rows = self.fetch_rows(query)
        if count_query is None:
            return None, rows
        limit = self.page_size if page_size is None else page_size
        offset = (page or 0) * limit if limit else 0
        return (offset + len(rows) if rows_tell_count(rows, offset, limit) else count_query.scalar()), rows

    def fetch_rows(self, query) -> list:
        """The page's rows: one query here; a view may read them in two steps (``PeopleView``)."""
        return query.all()


class OlderRowsPagerMixin:
    """A list never counted (``simple_list_pager``): the page reads one row more than it shows, which tells whether
    there are older ones (``has_older``, for the « Plus anciennes » link).

    Overrides Flask-Admin 2.2's ``ModelView._apply_pagination`` (flask_admin/contrib/sqla/view.py).
    """

    simple_list_pager = True

    def _apply_pagination(self, query, page, page_size):
        size = self.page_size if page_size is None else page_size
        if not size:
            return query
        return query.limit(size + 1).offset((page or 0) * size)

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters, execute, page_size)
        size = self.page_size if page_size is None else page_size
        if execute and size:
            g.idmix_older_entries = len(rows) > size
            rows = rows[:size]
        return count, rows

    @staticmethod
    def has_older() -> bool:
        return bool(g.get("idmix_older_entries"))
