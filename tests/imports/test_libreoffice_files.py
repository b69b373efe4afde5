"""The committed fixtures are what LibreOffice writes today: the test's own CSV, converted by ``soffice --headless
--convert-to`` (Debian's libreoffice-calc-nogui), reads exactly as the committed XLSX, XLS and ODS."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from shared.imports.readers import read_sheets
from tests.imports.conftest import FIXTURES, fixture

CSV_FILTER = "CSV:59,34,76,1,,1036"  # « ; », « " », UTF-8, from line 1, French dates (as make_fixtures.py)


@pytest.fixture(scope="module")
def soffice():
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("IDMIX_REQUIRE_BROWSER") == "1":  # CI installs every Debian package the tests use
            pytest.fail("soffice is missing (apt-get install -y libreoffice-calc-nogui)")
        pytest.skip("soffice is missing (apt-get install -y libreoffice-calc-nogui)")
    return found


@pytest.mark.parametrize("target", ["xlsx", "xls", "ods"])
def test_a_csv_converted_by_libreoffice_reads_as_the_committed_fixture(soffice, tmp_path, target):
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    f"--infilter={CSV_FILTER}", "--convert-to", target, "--outdir", str(tmp_path),
                    str(FIXTURES / "personnes.csv")], check=True, capture_output=True, timeout=300)
    made = read_sheets((tmp_path / f"personnes.{target}").read_bytes(), f"personnes.{target}")
    committed = read_sheets(fixture(f"personnes.{target}"), f"personnes.{target}")
    assert [row for _n, row in made[0].rows] == [row for _n, row in committed[0].rows]
