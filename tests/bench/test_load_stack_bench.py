"""bench/load_stack.py at a tiny size, so that it does not rot: through nginx and the app server(s) of deploy/,
every sign-in and opinion answered is in the database once, and each kind of request is measured."""

from __future__ import annotations

from bench.load_stack import run
from tests.databases import fresh_database


def test_the_stack_load_test_measures_each_kind_of_request_and_loses_nothing(tmp_path):
    with fresh_database(tmp_path, "stackbench") as url:
        text, ok = run(url, servers=1, tablets=2, staff=1, duration=3, kill=False)
    assert ok, text
    for kind in ("Fichier statique (nginx seul)", "/healthz", "Tablette : émargement", "Tablette : avis",
                 "Bureau : connexion"):
        assert f"| {kind}" in text, text
