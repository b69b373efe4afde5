"""The import page says how far the check, then the import, has gone: the form sends a key, the request running
the rows keeps its count under it, any request of the same staff member reads it (counts only)."""

from __future__ import annotations

import io
import json
import re

from backoffice.imports import progress
from shared.staff.models import Role
from tests.backoffice.imports.test_import_page import _held_files, URL, hidden, team, text_of  # noqa: F401  (fixtures)
from tests.imports.conftest import fixture
from tests.imports.test_import_batches import people_file


def key_of(page: str) -> str:
    return re.search(r'name="progress" value="([\w-]+)"', page).group(1)


def send(client, group, key, name="personnes.csv", data=None):
    return client.post(URL, data={"group": str(group.id), "kind": "", "progress": key,
                                  "file": (io.BytesIO(data if data is not None else fixture(name)), name)},
                       content_type="multipart/form-data")


def test_the_check_then_the_import_are_counted_under_the_key_their_form_sent(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    key = key_of(text_of(client.get(URL)))
    preview = text_of(send(client, group, key))
    assert client.get(f"{URL}progress/{key}").get_json() == {"phase": "check", "done": 3, "total": 3}
    fields = hidden(preview)
    assert fields["progress"] != key  # each page its own key
    client.post(URL + "confirm", data=fields)
    assert client.get(f"{URL}progress/{fields['progress']}").get_json() == {"phase": "import", "done": 3,
                                                                            "total": 3}


def test_a_long_file_is_counted_as_it_goes(login_as, db, team, monkeypatch):
    group, facilitator = team
    client = login_as(facilitator)
    seen = []
    write = progress._write
    monkeypatch.setattr(progress, "_write", lambda key, state: seen.append(state["done"]) or write(key, state))
    monkeypatch.setattr("shared.imports.run.BATCH", 50)
    key = key_of(text_of(client.get(URL)))
    page = text_of(send(client, group, key, data=people_file(400)))
    assert "400 personnes à créer" in page
    assert seen[0] == 0 and seen[-1] == 400 and len(seen) > 4 and seen == sorted(seen)


def test_the_count_says_nothing_about_anyone_and_is_for_its_author_only(login_as, make, db, team, tmp_path):
    group, facilitator = team
    client = login_as(facilitator)
    key = key_of(text_of(client.get(URL)))
    send(client, group, key)
    [stored] = (tmp_path / "imports").glob("*.progress")
    assert set(json.loads(stored.read_text())) == {"staff", "phase", "done", "total"}
    assert "Traoré" not in stored.read_text(encoding="utf-8")
    other = login_as(make.staff(Role.ADMIN))
    assert other.get(f"{URL}progress/{key}").status_code == 404
    assert client.get(f"{URL}progress/{'x' * 22}").status_code == 404
    assert client.get(f"{URL}progress/..%2F..%2Fetc").status_code == 404
