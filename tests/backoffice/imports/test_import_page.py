"""The import page, through real requests: upload, preview (nothing written), column correction, confirmation
(all or nothing), re-import, bad files in French, CSRF, and who may import into which group."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from backoffice.extensions import db as bo_db
from shared.audit.models import AuditEntry
from shared.contracts.models import Contract
from shared.people.models import Participant
from shared.sessions.models import Attendance
from shared.staff.models import Role
from tests.backoffice.test_csrf import _signed_in_client
from tests.factories import Factory
from tests.imports.conftest import FIXTURES, fixture
from tests.isolation import isolated_session
from tests.typography import typography_faults

URL = "/imports/"


@pytest.fixture(autouse=True)
def _held_files(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_FOLDER", str(tmp_path / "imports"))


@pytest.fixture
def team(make, db, today):
    group = make.group()
    facilitator = make.facilitator(group, first_name="Paul", last_name="Animateur")
    make.referrer(first_name="Marie", last_name="Dupont")
    return group, facilitator


def upload(client, group, name, data=None, kind=""):
    return client.post(URL, data={"group": str(group.id), "kind": kind,
                                  "file": (io.BytesIO(data if data is not None else fixture(name)), name)},
                       content_type="multipart/form-data")


def hidden(page: str) -> dict:
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields.update(re.findall(r'<select[^>]* name="(column-\d+)"[^>]*>.*?<option value="(\w*)" selected', page, re.S))
    return fields


def count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_preview_says_what_will_be_created_and_writes_nothing(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    page = text_of(upload(client, group, "personnes.xlsx"))
    assert "3 personnes à créer" in page and "1 orienteur à créer (contact sans compte)" in page
    assert 'id="confirm-import"' in page and typography_faults(page.replace("&", "&amp;")) == []
    assert count(db, Participant) == 0


@pytest.mark.parametrize("name", ["personnes.csv", "personnes-utf8.csv", "personnes-cp1252-tab.csv",
                                  "personnes-virgule.csv", "personnes.xlsx", "personnes.xls", "personnes.ods"])
def test_every_format_encoding_and_separator_previews_the_same(login_as, db, team, name):
    group, facilitator = team
    page = text_of(upload(login_as(facilitator), group, name))
    assert "3 personnes à créer" in page and "Aïcha" in page and "Ligne" not in page


def test_confirming_imports_everything_once_and_journals_it_by_its_author(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    fields = hidden(text_of(upload(client, group, "personnes.ods")))
    done = client.post(URL + "confirm", data=fields, follow_redirects=True)
    assert "Import de «\u00a0personnes.ods\u00a0» enregistré\u00a0: 3 personnes à créer" in text_of(done)
    assert count(db, Participant) == 3
    [entry] = db.scalars(select(AuditEntry).where(AuditEntry.table_name == "import")).all()
    assert entry.actor_id == facilitator.id
    again = hidden(text_of(upload(client, group, "personnes.csv")))
    client.post(URL + "confirm", data=again)
    assert count(db, Participant) == 3  # recognised, not doubled


def test_each_kind_goes_through_the_page(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    for name in ("personnes.xls", "contrats.ods", "presences-grille.xlsx"):
        response = client.post(URL + "confirm", data=hidden(text_of(upload(client, group, name))))
        assert response.status_code == 302, text_of(response)[:2000]
    assert (count(db, Participant), count(db, Contract), count(db, Attendance)) == (3, 2, 8)


def test_a_refused_row_is_shown_on_its_line_and_column_and_nothing_is_written(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    bad = fixture("personnes.csv").replace(b"Nguyen;Thi Lan;1968", b"Nguyen;Thi Lan;2015")
    page = text_of(upload(client, group, "personnes.csv", bad))
    assert "Ligne 4, colonne Né(e) en\u00a0: la personne doit être majeure" in page
    assert 'id="confirm-import"' not in page
    forced = client.post(URL + "confirm", data=hidden(page))  # posted anyway: still all or nothing
    assert forced.status_code == 200 and "Ligne 4, colonne Né(e) en" in text_of(forced)
    assert count(db, Participant) == 0


def test_a_corrected_column_is_used_and_remembered(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    data = "Nom;Prénom;Année;Orienté(e) par\nTraoré;Aïcha;1980;Marie Dupont\n".encode()
    fields = hidden(text_of(upload(client, group, "a.csv", data)))
    assert fields["column-2"] == ""  # « Année » alone is not recognised
    fields["column-2"] = "birth_year"
    previewed = text_of(client.post(URL + "preview", data=fields))
    assert "1 personne à créer" in previewed
    client.post(URL + "confirm", data=hidden(previewed))
    assert db.scalar(select(Participant.birth_year)) == 1980
    later = hidden(text_of(upload(client, group, "b.csv", "NOM;prénom;année;orienté par\n".encode()
                                                     + "Martin;Jean;1975;Marie Dupont\n".encode())))
    assert later["column-2"] == "birth_year"


def test_a_column_wrongly_set_as_a_session_is_answered_in_french(login_as, db, team):
    group, facilitator = team
    client = login_as(facilitator)
    fields = hidden(text_of(upload(client, group, "presences-lignes.csv")))
    fields["column-3"] = "session"  # « Présence » is not a day
    response = client.post(URL + "preview", data=fields)
    assert response.status_code == 200
    assert "«\u00a0Présence\u00a0» n'est pas une date" in text_of(response)
    assert count(db, Attendance) == 0


@pytest.mark.parametrize("name, data, says", [
    ("protege.xlsx", None, "protégé par un mot de passe"),
    ("rapport.pdf", b"%PDF-1.7\n1 0 obj", "n'est pas un tableur"),
    ("vide.csv", b"", "Le fichier est vide"),
    ("courses.csv", "Article;Prix\nPommes;3\n".encode(), "Aucune colonne reconnue"),
])
def test_a_bad_file_gets_a_french_answer_and_changes_nothing(login_as, db, team, name, data, says):
    group, facilitator = team
    response = upload(login_as(facilitator), group, name, data)
    assert response.status_code == 200 and says in text_of(response)
    assert typography_faults(response.get_data(as_text=True)) == []
    assert count(db, Participant) == 0


def test_a_file_over_the_limit_is_refused_in_french(login_as, db, team, monkeypatch):
    from shared.imports import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 2048)
    monkeypatch.setattr("backoffice.imports.views.MAX_BYTES", 2048)
    group, facilitator = team
    big = fixture("personnes.csv") + b"Dupont;Marie;1970;F;Lyon;01/01/2020;Marie Dupont\n" * 100
    response = upload(login_as(facilitator), group, "gros.csv", big)
    assert "Le fichier pèse" in text_of(response) and count(db, Participant) == 0


def test_an_upload_larger_than_other_forms_is_accepted(login_as, db, team):
    group, facilitator = team
    note = "x" * 4000  # a long comment column, not imported
    rows = "".join(f"Nom{i};Prénom;1970;F;Lyon;01/01/2020;Marie Dupont;{note}\n" for i in range(300))
    big = ("Nom;Prénom;Né(e) en;Genre;Commune;Date d'orientation;Orienté(e) par;Commentaire\n" + rows).encode()
    assert len(big) > 1024 * 1024  # over the back-office's 1 MB for other forms
    response = upload(login_as(facilitator), group, "gros.csv", big)
    assert response.status_code == 200 and "300 personnes à créer" in text_of(response)


def test_a_facilitator_cannot_import_into_another_group(login_as, db, team, make):
    group, facilitator = team
    other = make.group()
    client = login_as(facilitator)
    page = text_of(client.get(URL))
    assert group.name in page and other.name not in page
    assert upload(client, other, "personnes.csv").status_code in (400, 403)
    fields = hidden(text_of(upload(client, group, "personnes.csv")))
    assert client.post(URL + "confirm", data=fields | {"group": str(other.id)}).status_code == 403
    assert count(db, Participant) == 0


def test_a_referrer_gets_403(login_as, make, team):
    referrer = make.staff(Role.REFERRER)
    client = login_as(referrer)
    assert client.get(URL).status_code == 403
    group, _facilitator = team
    assert upload(client, group, "personnes.csv").status_code == 403


def test_an_admin_imports_into_any_group_and_reads_it_in_the_journal(login_as, make, db, team):
    group, _facilitator = team
    client = login_as(make.staff(Role.ADMIN))
    response = client.post(URL + "confirm", data=hidden(text_of(upload(client, group, "personnes.csv"))))
    assert response.status_code == 302 and count(db, Participant) == 3
    journal = text_of(client.get("/audit/"))
    assert "Import d'un fichier" in journal and "Fichier" in journal and "personnes.csv" in journal


def test_another_staff_member_cannot_confirm_someone_else_s_upload(login_as, make, db, team):
    group, facilitator = team
    fields = hidden(text_of(upload(login_as(facilitator), group, "personnes.csv")))
    fields.pop("csrf_token")  # the other account posts with its own session's token
    other = login_as(make.facilitator(group))
    response = other.post(URL + "confirm", data=fields)
    assert response.status_code == 302 and count(db, Participant) == 0


def test_the_example_files_download(login_as, team):
    _group, facilitator = team
    client = login_as(facilitator)
    page = text_of(client.get(URL))
    for name in ("personnes.csv", "contrats.csv", "presences-grille.csv", "presences-lignes.csv"):
        assert f"/imports/exemple/{name}" in page
        response = client.get(f"/imports/exemple/{name}")
        assert response.status_code == 200 and response.data == (FIXTURES / name).read_bytes()
    assert client.get("/imports/exemple/..%2F..%2Fpyproject.toml").status_code == 404


def test_an_upload_without_its_csrf_token_is_refused(csrf_app, today):
    # The facilitator is really signed in (on the app that checks tokens, on its own session): the refusal is the
    # token's, not a sign-in's.
    csrf_app.config["IMPORT_FOLDER"] = str(Path(csrf_app.instance_path) / "imports-test")
    with isolated_session(csrf_app, bo_db) as session:
        make = Factory(session)
        group = make.group()
        facilitator = make.facilitator(group, first_name="Paul", last_name="Animateur")
        make.referrer(first_name="Marie", last_name="Dupont")
        session.commit()
        client = _signed_in_client(csrf_app, facilitator)
        assert client.get(URL).status_code == 200
        response = upload(client, group, "personnes.csv")
        assert response.status_code == 400 and count(session, Participant) == 0
