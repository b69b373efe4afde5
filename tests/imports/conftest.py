"""Imports run on a journaled, guarded session (as every door's): a write outside an operation fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker

from shared.db import journaled_session_class
from shared.writes import UNGUARDED
from tests.factories import Factory

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def jdb(engine, today):
    """A journaled, guarded session rolled back after the test; factories may write while ``setup`` is on."""
    connection = engine.connect()
    outer = connection.begin()
    session = sessionmaker(bind=connection, class_=journaled_session_class(), expire_on_commit=False,
                           join_transaction_mode="create_savepoint")()
    session.info[UNGUARDED] = True
    try:
        yield session
    finally:
        session.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def team(jdb):
    """A group, its facilitator, a referrer with an account (Marie Dupont); then only operations write."""
    make = Factory(jdb)
    group = make.group()
    facilitator = make.facilitator(group, first_name="Paul", last_name="Animateur")
    referrer = make.referrer(first_name="Marie", last_name="Dupont")
    jdb.info[UNGUARDED] = False
    return type("Team", (), {"group": group, "facilitator": facilitator, "referrer": referrer, "make": make})
