"""What the end of a request costs with and without Flask-SQLAlchemy-Lite's async-session teardown, which
``shared.db.init_app_db`` leaves out: two back-offices on the same data, one given that teardown back,
asked in turns (a list of 5 rows, one of 25), median time and the median of the pairs' ratios.

    python -m bench.request_end --database sqlite --scale department
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.dataset import add_data_arguments, database_url, ensure_data
from bench.list_pages import login
from bench.measure import machine, markdown_table, median_ms

PAGES = {"Thèmes": "/theme/", "Fermetures des groupes": "/group_closure/"}


def bench_request_end(url: str, repeat: int) -> list[list[str]]:
    from flask_sqlalchemy_lite._extension import _close_async_sessions

    from backoffice import create_app

    config = {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_ENGINES": {"default": url},
              "WTF_CSRF_ENABLED": False}
    ours, with_teardown = create_app(config), create_app(config)
    with_teardown.teardown_appcontext_funcs.append(_close_async_sessions)  # as Flask-SQLAlchemy-Lite installs it
    clients = login(ours), login(with_teardown)
    rows = []
    for name, path in PAGES.items():
        samples: tuple[list[float], list[float]] = ([], [])
        for turn in range(repeat):
            order = (0, 1) if turn % 2 == 0 else (1, 0)  # each app first every other turn
            for which in order:
                started = time.perf_counter()
                assert clients[which].get(path).status_code == 200
                samples[which].append(time.perf_counter() - started)
        ratio = statistics.median(a / b for a, b in zip(*samples))
        rows.append([name, f"{median_ms(samples[0]):.2f}", f"{median_ms(samples[1]):.2f}", f"{ratio:.2f}"])
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_data_arguments(parser)
    parser.add_argument("--repeat", type=int, default=400)
    args = parser.parse_args(argv)
    url = database_url(args.database, args.scale, args.url, args.data_dir)
    ensure_data(url, args.scale)
    rows = bench_request_end(url, args.repeat)
    print(f"\n{args.database} — {machine()} — {args.repeat} requests per page and app\n")
    print(markdown_table(["Page", "Without (ms)", "With the async teardown (ms)", "Ratio (paired)"], rows))


if __name__ == "__main__":
    main()
