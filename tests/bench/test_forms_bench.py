"""bench/forms.py on the small data set: every form and search it times answers, for both roles."""

from __future__ import annotations

from bench.dataset import ensure_data
from bench.forms import FORMS, LOOKUPS, measure


def test_every_form_and_search_of_the_forms_bench_answers(tmp_path):
    url = f"sqlite:///{tmp_path / 'small.sqlite3'}"
    ensure_data(url, "small", progress=lambda message: None)
    rows = measure(url, 1, progress=lambda line: None)
    assert {(page, role) for page, role, *_ in rows} >= {(page, role) for page in (*FORMS, *LOOKUPS)
                                                         for role in ("admin", "facilitator")}
    assert [row for row in rows if row[2] != "200"] == []
