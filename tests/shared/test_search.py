"""Names are found the way people type them, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from shared.people.models import Participant
from shared.search import fold, folded, matches


def test_folding_drops_case_accents_and_spells_out_ligatures():
    assert fold("Aïcha TRAORÉ") == "aicha traore"
    assert fold("Cœur ÆSTHÉTIQUE Łukasz") == "coeur aesthetique lukasz"
    assert fold(None) is None


@pytest.mark.parametrize("typed", ["traore", "TRAORE", "Traoré", "aicha", "AÏCHA", "raor"])
def test_the_database_finds_traore_however_it_is_typed(db, make, typed):
    person = make.participant(first_name="Aïcha", last_name="Traoré")
    make.participant(first_name="Jean", last_name="Durand")
    found = db.scalars(select(Participant).where(
        matches(Participant.last_name, typed) | matches(Participant.first_name, typed))).all()
    assert found == [person]


def test_the_database_folds_every_accented_letter_as_python_does(db):
    letters = "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆñÑłŁøØ"
    assert db.scalar(select(folded(letters))) == fold(letters)


def test_percent_and_underscore_are_typed_characters_not_wildcards(db, make):
    make.participant(first_name="Jean", last_name="Durand")
    assert db.scalars(select(Participant).where(matches(Participant.last_name, "%"))).all() == []
    assert db.scalars(select(Participant).where(matches(Participant.last_name, "d_rand"))).all() == []
