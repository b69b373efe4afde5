"""bench/list_pages.py on the small scale: every list page is measured beside a stock ModelView of the
same model in the same app, with rows to show, and each of ours weighs under 50 KB (its times are printed,
not tested)."""

from __future__ import annotations

from bench.dataset import ensure_data
from bench.list_pages import MAX_BYTES, bench_list_pages


def test_every_list_is_measured_beside_a_stock_view_and_stays_light(tmp_path):
    url = f"sqlite:///{tmp_path / 'small.sqlite3'}"
    ensure_data(url, "small", progress=lambda message: None)
    pairs = bench_list_pages(url, 1, progress=lambda *args, **kwargs: None)
    names = {pair.name for pair in pairs}
    assert {"Personnes", "Contrats", "Séances", "Émargements", "Journal des modifications"} <= names
    assert all(pair.ours and pair.stock and pair.stock_url.startswith("/stock_") for pair in pairs)
    heavy = [(pair.name, pair.ours_bytes) for pair in pairs if pair.ours_bytes >= MAX_BYTES]
    assert heavy == []
    assert all(len(pair.row()) == 8 for pair in pairs)
    assert [pair.name for pair in pairs if pair.rows == 0] == []  # every list measured with rows to show
