"""Several tablets at once, each in its own process with its own engine (smaller runs of
``bench/concurrency.py``): nothing lost, nothing doubled, no error on a screen."""

from __future__ import annotations

from bench.concurrency import concurrent_feedback, concurrent_sign_ins, seed

from .conftest import DURING_SESSION


def test_the_same_people_signing_in_again_and_again_from_four_tablets(scratch_url):
    scene = seed(scratch_url, people=20, tablets=4, moment=DURING_SESSION)
    report = concurrent_sign_ins(scene, workers=4, requests=50)
    assert report.ok, str(report)
    assert report.numbers["answered"] == report.numbers["requests"] == 200
    assert report.numbers["rows"] == report.numbers["signed_in"] == report.numbers["first_time"]


def test_sign_ins_with_pins_from_three_tablets(scratch_url):
    """The PIN path locks the tablet's and the person's rows (throttling counters) while it checks."""
    scene = seed(scratch_url, people=3, tablets=3, moment=DURING_SESSION, requires_pin=True)
    report = concurrent_sign_ins(scene, workers=3, requests=4)
    assert report.ok, str(report)
    assert report.numbers["rows"] == report.numbers["signed_in"] > 0


def test_feedback_from_four_tablets_at_once(scratch_url):
    scene = seed(scratch_url, people=3, tablets=4, moment=DURING_SESSION)
    report = concurrent_feedback(scene, workers=4, requests=25)
    assert report.ok, str(report)
    assert report.numbers["rows"] == report.numbers["saved"] == 100
