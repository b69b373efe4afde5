"""Every list's export opens right the first time in a French spreadsheet: the CSV by French Excel's rules
(byte-order mark, ``;``), the XLSX read by python-calamine with typed cells (dates are dates shown JJ/MM/AAAA,
counts and years are numbers) on a sheet with a French name; file names in Paris time."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from backoffice.core.exports import SafeExportMixin
from shared.staff.models import Role
from tests.backoffice.world import build_world
from tests.readers.spreadsheets import read_french_csv, read_xlsx

DATE_AS_TEXT = re.compile(r"^\d{2}/\d{2}/\d{4}( \d{2}:\d{2})?$|^\d{4}-\d{2}-\d{2}")
NUMBER_AS_TEXT = re.compile(r"^-?\d+([.,]\d+)?$")


def exportable(app):
    return sorted((view.endpoint, view.name) for admin in app.extensions["admin"] for view in admin._views
                  if isinstance(view, SafeExportMixin) and view.column_export_list is not None
                  and Role.ADMIN in view.export_roles)


@pytest.fixture
def world(make, db, today):
    return build_world(make, db)


@pytest.fixture
def admin(world, login_as):
    return login_as(world.admin)


def columns(rows: list[list]) -> dict[str, list]:
    return {title: [row[i] for row in rows[1:]] for i, title in enumerate(rows[0])}


def test_every_list_export_is_a_french_csv(app, admin):
    for endpoint, name in exportable(app):
        answer = admin.get(f"/{endpoint}/export/csv/")
        assert answer.status_code == 200, endpoint
        assert answer.headers["Content-Type"] == "text/csv; charset=utf-8", endpoint
        rows = read_french_csv(answer.data)
        assert len(rows[0]) == len(app_view(app, endpoint).column_export_list), endpoint
        for cell in (cell for row in rows[1:] for cell in row):
            assert not re.match(r"^\d{4}-\d{2}-\d{2}", cell), (endpoint, cell)  # dates JJ/MM/AAAA


def app_view(app, endpoint):
    return next(view for admin in app.extensions["admin"] for view in admin._views if view.endpoint == endpoint)


def test_every_list_export_is_an_xlsx_of_typed_cells_on_a_french_sheet(app, admin):
    for endpoint, name in exportable(app):
        answer = admin.get(f"/{endpoint}/export/xlsx/")
        assert answer.status_code == 200, endpoint
        [(sheet, rows)] = read_xlsx(answer.data).items()
        assert sheet == name[:31] and "Tablib" not in sheet, endpoint
        for cell in (cell for row in rows[1:] for cell in row if isinstance(cell, str)):
            assert not DATE_AS_TEXT.match(cell), (endpoint, cell)
            assert not NUMBER_AS_TEXT.match(cell), (endpoint, cell)


def test_sessions_export_dates_times_and_counts_a_spreadsheet_sorts_and_sums(admin, world):
    rows = read_xlsx(admin.get("/session/export/xlsx/").data)["Séances"]
    by_title = columns(rows)
    assert all(isinstance(day, dt.date) for day in by_title["Date"]) and world.session.held_on in by_title["Date"]
    assert all(isinstance(count, float) for count in by_title["Présents"])
    assert all(isinstance(start, dt.time) for start in by_title["Début"])
    sheet = openpyxl.load_workbook(io.BytesIO(admin.get("/session/export/xlsx/").data)).active
    assert sheet.cell(row=2, column=1).number_format == "DD/MM/YYYY"  # shown JJ/MM/AAAA
    csv_rows = columns(read_french_csv(admin.get("/session/export/csv/").data))
    assert world.session.held_on.strftime("%d/%m/%Y") in csv_rows["Date"]
    assert all(re.fullmatch(r"\d+", count) for count in csv_rows["Présents"])
    assert all(re.fullmatch(r"\d{1,2}h\d{2}", start) for start in csv_rows["Début"])


def test_people_export_years_and_counts_are_numbers_and_accents_survive(admin, world, db):
    world.participant.town = "Saint-Étienne"
    db.commit()
    by_title = columns(read_xlsx(admin.get("/participant/export/xlsx/").data)["Personnes"])
    years = [year for year in by_title["Année de naissance"] if year != ""]
    assert years and all(isinstance(year, float) for year in years)
    csv_text = read_french_csv(admin.get("/participant/export/csv/").data)
    assert "Prénom" in csv_text[0] and any("Saint-Étienne" in row for row in csv_text)


def test_export_file_names_carry_paris_time(admin):
    """The clock is frozen at 12:00 in Paris (11:00 UTC): the file says 12h00, as staff read their clocks."""
    for kind in ("csv", "xlsx"):
        disposition = admin.get(f"/session/export/{kind}/").headers["Content-Disposition"]
        assert f'filename="Seances_2026-03-10_12h00.{kind}"' in disposition, disposition


def test_a_referrer_still_may_not_export(world, login_as):
    assert login_as(world.referrer).get("/participant/export/xlsx/").status_code == 403
    assert login_as(world.referrer).get("/session/export/csv/").status_code == 403


def test_an_unknown_export_type_is_refused(admin):
    assert admin.get("/session/export/ods/").status_code == 403
    assert admin.get("/session/export/tsv/").status_code == 403


@pytest.fixture
def every_list_filled(world, make, db):
    """The lists the small world leaves empty (closures, messages, attendances to confirm, reviews, attestation
    requests, skills, partners), one row each: every export below is then read with rows, not only its titles."""
    from shared.attestations.models import AttestationRequest, Skill
    from shared.groups.closures import add_closure
    from shared.kiosk.offline_models import ConfirmationStatus, PendingAttendance
    from shared.messaging.models import Channel, Message, MessageKind, MessageState
    from shared.reviews.models import ContractReview, ReviewKind

    add_closure(db, group=world.group, starts_on=dt.date(2026, 7, 27), ends_on=dt.date(2026, 8, 21),
                label="Congés d'été")
    sent_at = dt.datetime(2026, 3, 9, 16, 30, tzinfo=dt.timezone.utc)  # 17:30 in Paris (winter)
    db.add(Message(kind=MessageKind.EVE_REMINDER, channel=Channel.EMAIL, dedup_key="export-test",
                   participant=world.participant, session=world.session, address="fatima@example.fr",
                   subject="Rappel", body="Bonjour", state=MessageState.SENT, sent_at=sent_at,
                   created_at=sent_at - dt.timedelta(minutes=5)))
    db.add(PendingAttendance(session=world.session, participant=world.participant, reason="offline",
                             signed_at=sent_at, status=ConfirmationStatus.PENDING))
    db.add(ContractReview(contract=world.contract, kind=ReviewKind.MID_TERM,
                          held_on=world.contract.starts_on + dt.timedelta(days=90), participant_took_part=True,
                          written_by=world.facilitator))
    db.add(AttestationRequest(participant=world.participant, requested_on=dt.date(2026, 3, 9)))
    make.partner(groups=[world.group])
    db.add(Skill(name="Tenir un stand au marché"))
    db.commit()
    return sent_at


def test_every_list_export_has_rows_with_typed_cells_once_each_list_is_filled(app, admin, every_list_filled):
    for endpoint, name in exportable(app):
        [(sheet, rows)] = read_xlsx(admin.get(f"/{endpoint}/export/xlsx/").data).items()
        assert len(rows) > 1, f"{endpoint}: no row to read"
        assert len(read_french_csv(admin.get(f"/{endpoint}/export/csv/").data)) > 1, endpoint
        for cell in (cell for row in rows[1:] for cell in row if isinstance(cell, str)):
            assert not DATE_AS_TEXT.match(cell), (endpoint, cell)
            assert not NUMBER_AS_TEXT.match(cell), (endpoint, cell)


def test_moments_are_written_in_paris_time_in_both_files(admin, every_list_filled):
    """A message sent at 16:30 UTC in March reads 17:30, the time on the office's clocks."""
    [(_, rows)] = read_xlsx(admin.get("/message/export/xlsx/").data).items()
    [row] = columns(rows)["Envoyé le"]
    assert row == dt.datetime(2026, 3, 9, 17, 30)
    [text] = columns(read_french_csv(admin.get("/message/export/csv/").data))["Envoyé le"]
    assert text.startswith("09/03/2026") and "17" in text and "16" not in text.split(" ", 1)[1]
