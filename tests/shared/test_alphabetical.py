"""Names in dictionary order on SQLite and PostgreSQL alike: « Évrard » among the E, not after « Zidane »."""

from __future__ import annotations

import pytest
from sqlalchemy import desc, select, text

from shared.alphabetical import alphabetical, sort_key
from shared.people.models import Participant

LAST_NAMES = ["Zidane", "Évrard", "dupont", "Eymard", "Durand", "Œuvray", "Elbaz", "Ollier", "de Vries", "Émile"]
DICTIONARY = ["de Vries", "dupont", "Durand", "Elbaz", "Émile", "Évrard", "Eymard", "Œuvray", "Ollier", "Zidane"]


def test_python_sorts_names_as_a_dictionary_does():
    assert sorted(LAST_NAMES, key=sort_key) == DICTIONARY
    assert sorted(["Élodie", "Elodie", "Zoé", "eloi"], key=sort_key) == ["Elodie", "Élodie", "eloi", "Zoé"]


def test_the_database_sorts_names_as_a_dictionary_does(db, make):
    for name in LAST_NAMES:
        make.participant(first_name="Jean", last_name=name)
    ordered = db.scalars(select(Participant.last_name).order_by(*alphabetical(Participant.last_name))).all()
    assert ordered == DICTIONARY
    backwards = db.scalars(select(Participant.last_name)
                           .order_by(*alphabetical(Participant.last_name, descending=True))).all()
    assert backwards == DICTIONARY[::-1]


def test_a_byte_order_would_put_the_accented_names_last(db, make):
    """What this replaces: text sorted by its bytes, as both databases do here (C.UTF-8; SQLite always). Asked
    explicitly, so that a server set up in a French locale does not make this premise false."""
    for name in LAST_NAMES:
        make.participant(first_name="Jean", last_name=name)
    by_bytes = "C" if db.get_bind().dialect.name == "postgresql" else "BINARY"
    plain = db.scalars(select(Participant.last_name).order_by(Participant.last_name.collate(by_bytes))).all()
    assert plain.index("Zidane") < plain.index("Évrard")


def test_other_columns_and_built_orders_pass_through_unchanged(db, make):
    first = make.participant(first_name="Ana", last_name="Évrard")
    second = make.participant(first_name="Zoé", last_name="Évrard")
    ids = db.scalars(select(Participant.id).order_by(*alphabetical(Participant.last_name, desc(Participant.id)))).all()
    assert ids == [second.id, first.id]


@pytest.mark.parametrize("open_only", [False, True], ids=["everyone", "open files"])
def test_postgresql_reads_a_page_of_the_people_list_from_an_index_in_that_order(db, make, open_only):
    """At a department's 20 000 names a sort costs; on PostgreSQL the index already holds the French order
    (migration 0038). With sorting forbidden to the planner, the page's plan still needs no sort step."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PostgreSQL's collation and indexes (SQLite orders by its registered fold function)")
    for name in LAST_NAMES:
        make.participant(first_name="Jean", last_name=name)
    query = select(Participant).order_by(*alphabetical(Participant.last_name, Participant.first_name)).limit(25)
    if open_only:
        query = query.where(Participant.closed_on.is_(None))
    db.execute(text("SET LOCAL enable_sort = off"))
    db.execute(text("SET LOCAL enable_seqscan = off"))
    sql = str(query.compile(db.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = "\n".join(db.scalars(text("EXPLAIN " + sql)))
    assert "Sort" not in plan and "ix_participant_" in plan and "alphabetical" in plan, plan
