import os

import pytest


def test_the_suite_runs_on_the_database_ci_asked_for(engine):
    """CI sets IDMIX_EXPECT_DIALECT=postgresql for its second run: a silent fallback to SQLite fails here."""
    expected = os.environ.get("IDMIX_EXPECT_DIALECT")
    if expected is None:
        pytest.skip("no backend expectation set (IDMIX_EXPECT_DIALECT)")
    assert engine.dialect.name == expected
