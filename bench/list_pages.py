"""Each back-office list page beside a stock Flask-Admin ``ModelView`` showing the same columns on the
same data, measured in one run: median server time and HTML weight of a page of 25 rows.

    python -m bench.list_pages --database sqlite --scale department
    python -m bench.list_pages --database postgresql --scale department --repeat 15

Both views live in the same app and are asked in turns by an admin (ours then stock, stock then ours, ...),
so the machine's load falls on both alike and neither is always first. A page answered in under 8 ms is asked
four times as often: the machine's jitter weighs most on the shortest requests. Targets: ours at most the
stock view's time, under 50 KB of HTML.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass

from bench.dataset import PASSWORD, add_data_arguments, database_url, ensure_data
from bench.measure import machine, markdown_table, median_ms
from shared.demo.scale import ADMIN_EMAIL

MAX_BYTES = 50_000
SHORT_PAGE_SECONDS = 0.008  # under this, a page is asked SHORT_PAGE_FACTOR times as often
SHORT_PAGE_FACTOR = 4
STOCK_PREFIX = "stock_"


@dataclass
class Pair:
    name: str
    ours_url: str
    stock_url: str
    ours: list[float]
    stock: list[float]
    ours_bytes: int = 0
    stock_bytes: int = 0
    rows: int = 0

    @property
    def ratio(self) -> float:
        """The median of each pair's ratio (ours / the stock request asked just before or after it): two
        requests a few milliseconds apart share the machine's load, which drifts over a run on two shared cores."""
        return statistics.median(ours / stock for ours, stock in zip(self.ours, self.stock) if stock)

    def row(self) -> list[str]:
        ours, stock = median_ms(self.ours), median_ms(self.stock)
        missed = [what for what, bad in (("time", self.ratio > 1), ("weight", self.ours_bytes >= MAX_BYTES)) if bad]
        return [self.name, str(self.rows), f"{ours:.1f}", f"{stock:.1f}", f"{self.ratio:.2f}",
                f"{self.ours_bytes / 1000:.1f}", f"{self.stock_bytes / 1000:.1f}",
                "ok" if not missed else "misses: " + ", ".join(missed)]


def stock_views(app) -> list[tuple[object, object]]:
    """For every list view of ours, a stock ``ModelView`` of the same model with the same list columns."""
    from flask_admin.contrib.sqla import ModelView

    from backoffice.extensions import db
    from backoffice.core.common import EntityView

    admin = app.extensions["admin"][0]
    pairs = []
    with app.app_context():
        for view in list(admin._views):
            if not isinstance(view, EntityView) or not view.can_view_details and not view.column_list:
                continue
            columns = [c for c in (view.column_list or ()) if isinstance(c, str)]
            stock_class = type(f"Stock{view.model.__name__}", (ModelView,), {
                "column_list": columns or None, "page_size": view.page_size, "can_view_details": True,
                "column_default_sort": view.column_default_sort, "column_labels": view.column_labels,
                # Out of the menu: a « Mesures » menu of 14 entries added 1.6 KB to every page, ours too.
                "is_visible": lambda self: False,
            })
            name = STOCK_PREFIX + view.endpoint
            stock = stock_class(view.model, db, name=name, endpoint=name, url=f"/{name}", category="Mesures")
            admin.add_view(stock)
            pairs.append((view, stock))
    return pairs


def shown_rows(html: str) -> int:
    """A list's rows (less its header, and « Aucun enregistrement » when empty), or the journal's saves: it
    reads as a history, a card a save."""
    if '<li class="card mb-2">' in html:
        return html.count('<li class="card mb-2">')
    return html.count("<tr") - 1 - html.count('<td colspan="999">')


def login(app):
    client = app.test_client()
    response = client.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 302, "login failed"
    return client


def bench_list_pages(url: str, repeat: int, only: str | None = None, progress=print) -> list[Pair]:
    from backoffice import create_app

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINES": {"default": url},
                      "WTF_CSRF_ENABLED": False})
    pairs = stock_views(app)
    client = login(app)
    results = []
    for view, stock in pairs:
        if only and only.lower() not in view.name.lower():
            continue
        ours_url, stock_url = view.url.rstrip("/") + "/", stock.url.rstrip("/") + "/"
        first = client.get(ours_url)
        reference = client.get(stock_url)
        if first.status_code != 200 or reference.status_code != 200:
            progress(f"  {view.name}: {first.status_code} / stock {reference.status_code}, skipped")
            continue
        pair = Pair(view.name, ours_url, stock_url, [], [], len(first.data), len(reference.data),
                    shown_rows(first.get_data(as_text=True)))
        started = time.perf_counter()
        for _ in range(2):  # warm-up
            client.get(ours_url), client.get(stock_url)
        short = (time.perf_counter() - started) / 4 < SHORT_PAGE_SECONDS
        for turn in range(repeat * SHORT_PAGE_FACTOR if short else repeat):
            asked = ((ours_url, pair.ours), (stock_url, pair.stock))
            for url_, samples in asked if turn % 2 == 0 else asked[::-1]:  # each view first every other turn
                started = time.perf_counter()
                status = client.get(url_).status_code
                samples.append(time.perf_counter() - started)
                assert status == 200, f"{url_}: {status}"
        results.append(pair)
        progress(f"  {view.name:<32} ours {median_ms(pair.ours):7.1f} ms {pair.ours_bytes / 1000:6.1f} KB   "
                 f"stock {median_ms(pair.stock):7.1f} ms {pair.stock_bytes / 1000:6.1f} KB", flush=True)
    return results


HEADER = ["List page", "Rows", "Ours (ms)", "Stock ModelView (ms)", "Ratio (paired)", "Ours (KB)", "Stock (KB)", "Targets"]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--only", help="only the lists whose name contains this text")
    args = parser.parse_args(argv)
    url = database_url(args.database, args.scale, args.url, args.data_dir)
    counts = ensure_data(url, args.scale)
    results = bench_list_pages(url, args.repeat, args.only)
    data = ", ".join(f"{n:,} {name}".replace(",", " ") for name, n in counts.items())
    print(f"\n{args.database} — {machine()} — data: {data} — {args.repeat} requests per page and view "
          f"({args.repeat * SHORT_PAGE_FACTOR} for a page under {SHORT_PAGE_SECONDS * 1000:.0f} ms)\n")
    print(markdown_table(HEADER, [pair.row() for pair in results]))


if __name__ == "__main__":
    main()
