"""The report laid out as tables, and written as CSV and XLSX, against the hand-counted world of
``test_report.py`` (group G in 2025: see the comments there)."""

import csv
import datetime as dt
import io

import openpyxl
import pytest

from shared.reports.figures import yearly_report
from shared.reports.files import report_csv, report_xlsx
from shared.reports.tables import display, key_figures, period_label, report_tables
from tests.shared.test_report import TODAY, world  # noqa: F401  (the fixture)

D = dt.date


@pytest.fixture
def tables(db, world):  # noqa: F811
    g, _ = world
    return {t.key: t for t in report_tables(yearly_report(db, 2025, group_id=g.id, today=TODAY))}


def test_every_table_of_the_report_is_there_in_reading_order(db, world):  # noqa: F811
    g, _ = world
    keys = [t.key for t in report_tables(yearly_report(db, 2025, group_id=g.id, today=TODAY))]
    assert keys == ["sessions", "attendance", "people_status", "people_gender", "people_age", "people_benefit",
                    "referrals", "contracts", "objectives", "exits", "moods", "moods_sessions", "openness",
                    "openness_groups", "openness_partners", "openness_exits", "decisions"]


def test_tables_carry_french_labels_and_the_hand_counted_figures(tables):
    assert tables["sessions"].rows == (("Tenues", 3), ("Annulées", 1), ("Prévues, pas encore tenues", 0))
    attendance = dict(tables["attendance"].rows)
    assert (attendance["Présences"], attendance["dont en période d'essai"], attendance["Présences attendues"]) == (3, 1, 7)
    assert attendance["Taux de présence (%)"] == 42.9  # 3 / 7
    assert dict(tables["people_status"].rows) == {"Orienté(e)": 1, "En essai": 1, "Décision à prendre": 0,
                                                  "Sous contrat": 2, "Sorti(e)": 1}
    assert tables["people_status"].total == ("Total", 5)
    assert dict(tables["people_gender"].rows) == {"Femme": 3, "Homme": 2, "Autre / non précisé": 0}
    assert dict(tables["people_age"].rows)["Âge inconnu"] == 1
    assert dict(tables["people_benefit"].rows)["RSA"] == 3
    referrals = dict(tables["referrals"].rows)
    assert referrals["Assistant(e) de service social de proximité (ASS)"] == 2
    assert referrals["Conseiller(ère) en économie sociale et familiale (CESF)"] == 1
    assert tables["referrals"].total == ("Total", 3)
    assert dict(tables["contracts"].rows) == {
        "Signés pendant la période": 3, "dont premiers contrats": 2, "dont renouvellements": 1,
        "En cours pendant la période": 4, "Terminés pendant la période": 2, "dont fins anticipées": 1}
    assert dict(tables["exits"].rows)["Formation"] == 1 and tables["exits"].total == ("Total", 1)


def test_objectives_cross_category_and_outcome_with_totals(tables):
    objectives = tables["objectives"]
    assert objectives.headers == ("Catégorie", "À commencer", "En cours", "Atteint", "Abandonné", "Total")
    rows = {row[0]: row[1:] for row in objectives.rows}
    assert rows["Liens sociaux"] == (0, 0, 2, 0, 2)
    assert rows["Pré-projet professionnel"] == (1, 1, 0, 0, 2)
    assert rows["Santé"] == (0, 1, 0, 0, 1)
    assert objectives.total == ("Total", 1, 2, 2, 0, 5)


def test_moods_best_first_and_only_sessions_with_three_answers(tables):
    assert tables["moods"].rows == (("Très bien", 3), ("Bien", 1), ("Pas très bien", 1), ("Pas bien du tout", 0))
    assert "3,4 sur 4" in tables["moods"].note
    assert tables["moods_sessions"].rows == ((D(2025, 3, 13), 3, 3.0),)


def test_moods_are_hidden_below_three_answers(db, world):  # noqa: F811
    g, _ = world
    tables = {t.key: t for t in report_tables(yearly_report(db, 2026, group_id=g.id, today=TODAY))}
    assert tables["moods"].rows == () and tables["moods"].total is None
    assert "Moins de 3 avis" in tables["moods"].note


def test_key_figures_for_the_page_and_the_evaluation(db, world):  # noqa: F811
    g, _ = world
    figures = {f.label: f.value for f in key_figures(yearly_report(db, 2025, group_id=g.id, today=TODAY))}
    assert figures["Séances tenues"] == "3"
    assert figures["Taux de présence"] == "42,9 %"
    assert figures["Objectifs atteints"] == "2 sur 5"
    assert figures["Humeur moyenne"] == "3,4 / 4"


def test_display_writes_numbers_and_dates_the_french_way():
    assert [display(v) for v in (None, 1234, 42.9, 1.0, D(2025, 3, 13), "RSA")] == [
        "—", "1\u202f234", "42,9", "1,0", "13/03/2025", "RSA"]


def test_period_label(db):
    assert period_label(yearly_report(db, 2025, today=TODAY)) == \
        "année 2025 (du 1er janvier au 31 décembre)"


def _csv_sections(data: bytes) -> dict[str, list[list[str]]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    sections, current = {"": []}, ""
    for i, row in enumerate(rows):
        if len(row) == 1 and i + 1 < len(rows) and rows[i + 1] and i > 0 and not rows[i - 1]:
            current = row[0]
            sections[current] = []
        elif row:
            sections[current].append(row)
    return sections


def test_csv_has_the_heading_then_every_table_with_its_figures(db, world):  # noqa: F811
    g, _ = world
    data = report_csv(yearly_report(db, 2025, group_id=g.id, today=TODAY), "=HYPERLINK(\"http://x\")")
    sections = _csv_sections(data)
    heading = sections[""]
    assert heading[0] == ["Bilan d'activité"]
    assert heading[1] == ["Action collective", "'=HYPERLINK(\"http://x\")"]  # never run as a formula
    assert len(sections) == 1 + 17
    assert sections["Séances"][1:] == [["Tenues", "3"], ["Annulées", "1"], ["Prévues, pas encore tenues", "0"]]
    attendance = dict(sections["Présences"][1:-1])
    assert attendance["Taux de présence (%)"] == "42,9" and attendance["Présences par séance (moyenne)"] == "1,0"
    assert sections["Personnes suivies, par sexe"][-1] == ["Total", "5"]
    objectives = sections["Objectifs des contrats, par catégorie et résultat"]
    assert objectives[0] == ["Catégorie", "À commencer", "En cours", "Atteint", "Abandonné", "Total"]
    assert ["Total", "1", "2", "2", "0", "5"] in objectives
    assert sections["Humeur moyenne par séance"][1] == ["13/03/2025", "3", "3,0"]


def test_xlsx_has_a_heading_sheet_and_a_sheet_per_table(db, world):  # noqa: F811
    g, _ = world
    data = report_xlsx(yearly_report(db, 2025, group_id=g.id, today=TODAY), "@SOMME(A1)")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Bilan" and len(book.sheetnames) == 1 + 17
    heading = [[c.value for c in row] for row in book["Bilan"].iter_rows()]
    assert ["Action collective", "'@SOMME(A1)"] in heading
    sessions = [[c.value for c in row] for row in book["Séances"].iter_rows()]
    assert sessions == [["Séances", "Nombre"], ["Tenues", 3], ["Annulées", 1], ["Prévues, pas encore tenues", 0]]
    objectives = [[c.value for c in row] for row in book["Objectifs"].iter_rows()]
    assert ["Liens sociaux", 0, 0, 2, 0, 2] in objectives and ["Total", 1, 2, 2, 0, 5] in objectives
    attendance = {row[0]: row[1] for row in ([c.value for c in r] for r in book["Présences"].iter_rows())}
    assert attendance["Taux de présence (%)"] == 42.9
    per_session = [[c.value for c in row] for row in book["Humeur par séance"].iter_rows()]
    assert per_session[1][0].date() == D(2025, 3, 13) and per_session[1][1:] == [3, 3.0]
