"""Two facilitators, each in their own process, save the same contract at the same instant, again
and again: each time one save stands and the other is told; never both (a silent overwrite)."""

from __future__ import annotations

from bench.concurrency import concurrent_contract_edits, seed

from .conftest import DURING_SESSION


def test_simultaneous_saves_of_one_contract(scratch_url):
    scene = seed(scratch_url, people=1, tablets=0, moment=DURING_SESSION)
    report = concurrent_contract_edits(scene, rounds=5)
    assert report.ok, str(report)
    assert report.numbers == {"one_saved": 5, "both_saved": 0, "errors": 0, "versions": 5}
