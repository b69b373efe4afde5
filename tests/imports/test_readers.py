"""Reading the files teams have: LibreOffice's XLSX, XLS and ODS, CSVs in each encoding and separator, and a
French refusal for each file that cannot be read."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from shared.imports import readers
from shared.imports.errors import ImportRefused
from shared.imports.readers import read_sheets
from tests.imports.conftest import fixture

PEOPLE_FILES = ["personnes.csv", "personnes.xlsx", "personnes.xls", "personnes.ods", "personnes-cp1252-tab.csv",
                "personnes-utf8.csv", "personnes-virgule.csv"]


@pytest.mark.parametrize("name", PEOPLE_FILES)
def test_every_format_reads_the_same_people(name):
    sheet = read_sheets(fixture(name), name)[0]
    headers, first, second, _third = (values for _number, values in sheet.rows)
    assert headers[:3] == ["Nom", "Prénom", "Né(e) en"]
    assert first[:2] == ["Traoré", "Aïcha"] and second[:2] == ["MARTIN", "Jean"]
    day = first[5]
    assert day == dt.date(2019, 9, 12) or day == "12/09/2019"  # a date cell, or the CSV's text


def test_csv_encodings_and_separators_are_found():
    found = {name: (sheet.encoding, sheet.separator) for name in PEOPLE_FILES if name.endswith(".csv")
             for sheet in read_sheets(fixture(name), name)}
    assert found == {"personnes.csv": ("utf-8", ";"), "personnes-cp1252-tab.csv": ("cp1252", "\t"),
                     "personnes-utf8.csv": ("utf-8-sig", ";"), "personnes-virgule.csv": ("utf-8", ",")}


@pytest.mark.parametrize("name", ["desordre.xlsx", "desordre.xls", "desordre.ods"])
def test_hidden_sheets_empty_rows_formulas_and_spaces_are_handled_quietly(name):
    sheets = read_sheets(fixture(name), name)
    assert [sheet.name for sheet in sheets] == ["Participants 2019"]  # « Listes » is hidden
    rows = dict(sheets[0].rows)
    assert sorted(rows) == [1, 3, 4, 6]  # rows 2, 5 and 7 are empty
    assert rows[3] == ["NOM", "prénom", "Année de naissance", "Orientation le", "Orienteur"]
    assert rows[4][:3] == ["Traoré", "Aïcha", 1980]  # « =1970+10 », as LibreOffice computed it


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_macro_enabled_workbook_is_refused():
    with zipfile.ZipFile(io.BytesIO(fixture("personnes.xlsx"))) as original:
        entries = {name: original.read(name) for name in original.namelist()}
    entries["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0macros"
    with pytest.raises(ImportRefused, match="contient des macros"):
        read_sheets(_zip(entries), "personnes.xlsm")


def test_a_password_protected_workbook_is_refused():
    with pytest.raises(ImportRefused, match="protégé par un mot de passe"):
        read_sheets(fixture("protege.xlsx"), "protege.xlsx")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"\x89PNG\r\n\x1a\n\x00\x00",
                                  b"\x00\x01\x02binary\x00\x00", _zip({"word/document.xml": b"<w/>"})])
def test_a_file_that_is_not_a_spreadsheet_is_refused(data):
    with pytest.raises(ImportRefused, match="n'est pas un tableur"):
        read_sheets(data, "fichier.xlsx")


@pytest.mark.parametrize("data", [b"", b"   \n", b";;;\r\n;;\r\n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(ImportRefused, match="vide"):
        read_sheets(data, "vide.csv")


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_BYTES", 1024)
    with pytest.raises(ImportRefused, match="au plus"):
        read_sheets(b"Nom;Pr\xc3\xa9nom\n" + b"Dupont;Marie\n" * 200, "gros.csv")
