"""Text typed into any field is shown as text: escaped in lists and details, inert in exports."""

import io

import openpyxl

from tests.backoffice.world import build_world
from tests.readers.spreadsheets import read_french_csv

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_script_typed_into_fields_is_escaped_in_lists_details_and_exports(make, db, today, login_as):
    world = build_world(make, db)
    world.participant.first_name = SCRIPT
    world.participant.town = SCRIPT
    world.contract.expectations = SCRIPT
    world.contract.objectives[0].wording = SCRIPT
    world.session.title = SCRIPT
    world.feedback.text = SCRIPT
    world.group.name = SCRIPT
    db.flush()
    client = login_as(world.admin)
    pages = {
        "/participant/": True, f"/participant/details/?id={world.participant.id}": True,
        "/contract/": True, f"/contract/details/?id={world.contract.id}": True,
        "/session/": True, f"/session/details/?id={world.session.id}": True,
        "/feedback/": True, "/attendance/": True, "/group/": True, "/audit/": True, "/": False,
    }
    for url, shows_it in pages.items():
        page = client.get(url).get_data(as_text=True)
        assert SCRIPT not in page, url
        assert (ESCAPED in page) is shows_it or not shows_it, url

    exported = client.get("/participant/export/csv/")
    assert exported.mimetype == "text/csv" and "attachment" in exported.headers["Content-Disposition"]
    rows = read_french_csv(exported.data)
    assert any(SCRIPT in cell for row in rows for cell in row)  # plain text in a CSV, not HTML

    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/contract/export/xlsx/").data))
    cells = [c.value for row in workbook.active.iter_rows() for c in row]
    assert SCRIPT in cells


def test_exports_neutralise_cells_a_spreadsheet_would_run_as_formulas(make, db, today, login_as):
    world = build_world(make, db)
    world.participant.first_name = "=HYPERLINK(\"http://evil.example\",\"x\")"
    world.participant.town = "@SUM(1+1)"
    world.participant.last_name = "-2+3"
    db.flush()
    client = login_as(world.admin)
    rows = read_french_csv(client.get("/participant/export/csv/").data)
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\",\"x\")" in cells
    assert "'@SUM(1+1)" in cells and "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    workbook = openpyxl.load_workbook(io.BytesIO(client.get("/participant/export/xlsx/").data))
    values = [c.value for row in workbook.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)


def test_exports_never_carry_password_or_pin_hashes(make, db, today, login_as):
    world = build_world(make, db)
    world.participant.pin_hash = "argon2-pin-hash-secret"
    db.flush()
    client = login_as(world.admin)
    for url in ("/participant/export/csv/", "/staff/export/csv/"):
        text = client.get(url).get_data(as_text=True)
        assert "argon2" not in text and "pin-hash" not in text and "$argon2" not in text
    assert "$argon2" not in client.get(f"/staff/details/?id={world.facilitator.id}").get_data(as_text=True)
