"""A page of 25 names in dictionary order (``shared.alphabetical``) beside the byte order it replaced, on the
same names, in one run: the people list's own ORDER BY and its indexes (migration 0038 on PostgreSQL).

    python -m bench.alphabetical --people 20000
    python -m bench.alphabetical --people 20000 --postgresql postgresql+psycopg://postgres@127.0.0.1:5432/bench

The names are drawn from the demo's, with and without accents; the two orders are asked in turns so that the
machine's load falls on both alike. A scratch table (``bench_names``) is made and dropped on each database.
"""

from __future__ import annotations

import argparse
import random
import time

from sqlalchemy import Column, Date, Index, Integer, MetaData, String, Table, literal_column, select

from bench.measure import machine, markdown_table, median_ms
from shared.alphabetical import alphabetical
from shared.db import make_engine

LAST = ["Martin", "Évrard", "Dupont", "Élie", "Traoré", "Œuvray", "Lefèvre", "Zidane", "Ängström", "Durand",
        "Écuyer", "Bernard", "Ibáñez", "Çelik", "Nguyen", "Ollier", "de Vries", "Müller"]


def scratch_table(metadata: MetaData) -> Table:
    return Table("bench_names", metadata, Column("id", Integer, primary_key=True), Column("last_name", String(80)),
                 Column("first_name", String(80)), Column("closed_on", Date),
                 Index("ix_bench_names", "last_name", "first_name"),
                 Index("ix_bench_names_fr", literal_column("last_name COLLATE idmix_french"),
                       literal_column("first_name COLLATE idmix_french")).ddl_if(dialect="postgresql"))


def measure(url: str, people: int, repeat: int) -> list[str]:
    engine = make_engine(url)
    metadata = MetaData()
    table = scratch_table(metadata)
    rng = random.Random(2007)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("CREATE COLLATION IF NOT EXISTS idmix_french (provider = icu, locale = 'fr-FR')")
        metadata.drop_all(connection)
        metadata.create_all(connection)
        connection.execute(table.insert(), [{"last_name": f"{rng.choice(LAST)}{rng.randrange(10_000)}",
                                             "first_name": rng.choice(["Élodie", "Aurélien", "Zoé", "Karim"])}
                                            for _ in range(people)])
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE bench_names")
    pages = {
        "octets": select(table).order_by(table.c.last_name, table.c.first_name).limit(25),
        "dictionnaire": select(table).order_by(*alphabetical(table.c.last_name, table.c.first_name)).limit(25),
    }
    samples: dict[str, list[float]] = {name: [] for name in pages}
    with engine.connect() as connection:
        for turn in range(repeat):
            for name in (list(pages) if turn % 2 == 0 else list(pages)[::-1]):
                start = time.perf_counter()
                connection.execute(pages[name]).all()
                samples[name].append(time.perf_counter() - start)
    with engine.begin() as connection:
        metadata.drop_all(connection)
    engine.dispose()
    bytes_ms, french_ms = median_ms(samples["octets"]), median_ms(samples["dictionnaire"])
    return [engine.dialect.name, f"{people:,}".replace(",", " "), f"{bytes_ms:.2f}", f"{french_ms:.2f}",
            f"{french_ms / bytes_ms:.1f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--sqlite", default="sqlite:///instance/bench-alphabetical.sqlite3")
    parser.add_argument("--postgresql", help="a PostgreSQL URL (the table is made and dropped there)")
    args = parser.parse_args()
    rows = [measure(args.sqlite, size, args.repeat) for size in sorted({500, args.people})]
    if args.postgresql:
        rows += [measure(args.postgresql, size, args.repeat) for size in sorted({500, args.people})]
    print(machine())
    print(markdown_table(["base", "noms", "ordre des octets (ms)", "ordre du dictionnaire (ms)", "rapport"], rows))


if __name__ == "__main__":
    main()
