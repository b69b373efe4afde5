"""What the files say: the journal, themes and reviews exports in French with names instead of ids and
technical keys; the report's files typed like the lists' (dates JJ/MM/AAAA) with one charset."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import openpyxl
import pytest

from shared.audit.models import AuditAction, AuditEntry
from shared.feedback.models import Feedback, FeedbackScope, Mood
from tests.backoffice.report.test_report_page import YEAR_2025, world as report_world  # noqa: F401
from tests.backoffice.world import build_world
from tests.readers.spreadsheets import read_french_csv, read_xlsx


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


def by_title(rows):
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_journal_export_names_records_and_fields_in_french(world, db, login_as):
    person = world.participant
    db.add(AuditEntry(at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.timezone.utc), actor_id=world.admin.id,
                      action=AuditAction.UPDATE, table_name="participant", record_id=str(person.id),
                      changes={"town": ["Lyon", "Saint-Étienne"], "group_id": [None, str(world.group.id)]}))
    db.commit()
    rows = by_title(read_french_csv(login_as(world.admin).get("/audit/export/csv/").data))
    [row] = [r for r in rows if "Saint-Étienne" in r["Modifications (avant → après)"]]
    assert row["Fiche"] == "Personne" and row["Nom"] == person.full_name
    changes = row["Modifications (avant → après)"]
    assert "Lyon → Saint-Étienne" in changes and world.group.name in changes
    assert "town" not in changes and "group_id" not in changes and "participant" not in row.values()


def test_the_themes_export_names_the_pictogram(world, make, login_as):
    make.theme(name="Potager", pictogram="jardinage")
    rows = by_title(read_french_csv(login_as(world.admin).get("/theme/export/csv/").data))
    [row] = [r for r in rows if r["Thème"] == "Potager"]
    assert row["Pictogramme (tablette)"] == "Jardinage"


def test_the_reviews_export_names_the_contract_by_its_dates(world, make, db, login_as):
    from shared.reviews.models import ContractReview, ReviewKind

    contract = world.contract
    db.add(ContractReview(contract=contract, kind=ReviewKind.MID_TERM, held_on=contract.starts_on + dt.timedelta(days=90),
                          participant_took_part=True, written_by=world.facilitator))
    db.commit()
    [row] = by_title(read_xlsx(login_as(world.admin).get("/review/export/xlsx/").data)["Bilans"])
    assert row["Contrat"] == f"du {contract.starts_on:%d/%m/%Y} au {contract.ends_on:%d/%m/%Y}"
    assert row["Personne"] == contract.participant.full_name and row["Date"] == contract.starts_on + dt.timedelta(days=90)


def test_the_report_csv_says_its_charset_once(report_world, login_as):  # noqa: F811
    response = login_as(report_world["admin"]).get("/report/export/csv", query_string={"group": "all", **YEAR_2025})
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf") and b"Action collective;Tous les groupes" in response.data


def test_the_report_xlsx_shows_its_dates_jj_mm_aaaa(report_world, db, login_as):  # noqa: F811
    session = report_world["g_sessions"][0]
    for mood in (Mood.GOOD,) * 4 + (Mood.VERY_GOOD,) * 4:
        db.add(Feedback(id=uuid.uuid4(), session=session, given_on=session.held_on, scope=FeedbackScope.COLLECTIVE,
                        mood=mood))
    db.commit()
    data = login_as(report_world["admin"]).get("/report/export/xlsx", query_string={"group": "all", **YEAR_2025}).data
    book = openpyxl.load_workbook(io.BytesIO(data))
    dated = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, dt.datetime | dt.date)]
    assert dated, "the report holds dates"
    assert {cell.number_format for cell in dated} <= {"DD/MM/YYYY", "DD/MM/YYYY HH:MM"}
    read = read_xlsx(data)
    assert "Bilan" in read and all("Tablib" not in name for name in read)
